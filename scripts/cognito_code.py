#!/usr/bin/env python3
"""Encrypts codes the way Cognito encrypts a custom sender's `code`, for tests and tools.

Cognito hands custom email and SMS senders the code as an AWS Encryption SDK message: format
version 1, algorithm suite 0x0378 (AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, not key
committing), frame length 4096, one data key wrapped by the pool's KMS key, and the encryption
context {"userpool-id": <pool ID>}. This script makes such messages with the official Python
`aws-encryption-sdk` against whatever KMS the AWS SDK reaches (AWS_ENDPOINT_URL for an emulator).

  cognito_code.py create-key                     create a symmetric KMS key, print its ARN
  cognito_code.py encrypt --key ARN --pool ID CODE   print CODE encrypted, in base64
  cognito_code.py batch < requests.json          [{"key": ARN, "pool": ID, "code": CODE}, ...]
                                                 -> the base64 messages as a JSON list
"""

import argparse
import base64
import json
import sys

import boto3
import botocore.session
import aws_encryption_sdk
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy

SUITE = Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
FRAME_LENGTH = 4096


def encrypt(client, key_arn: str, pool_id: str, code: str) -> str:
    provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(
        key_ids=[key_arn], botocore_session=botocore.session.Session()
    )
    ciphertext, header = client.encrypt(
        source=code.encode("utf-8"),
        key_provider=provider,
        encryption_context={"userpool-id": pool_id},
        algorithm=SUITE,
        frame_length=FRAME_LENGTH,
    )
    # The checks Cognito's messages pass: version 1, suite 0x0378.
    assert ciphertext[0] == 0x01 and ciphertext[2:4] == b"\x03\x78", "not a v1 / 0x0378 message"
    return base64.b64encode(ciphertext).decode("ascii")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create-key")
    one = commands.add_parser("encrypt")
    one.add_argument("--key", required=True, help="the KMS key ARN")
    one.add_argument("--pool", required=True, help="the user pool ID")
    one.add_argument("code")
    commands.add_parser("batch")
    args = parser.parse_args()

    if args.command == "create-key":
        key = boto3.client("kms").create_key(
            Description="custom sender codes", KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT"
        )
        print(key["KeyMetadata"]["Arn"])
        return 0

    client = aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT
    )
    if args.command == "encrypt":
        print(encrypt(client, args.key, args.pool, args.code))
        return 0
    requests = json.load(sys.stdin)
    print(json.dumps([encrypt(client, r["key"], r["pool"], r["code"]) for r in requests]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
