//! The AWS Encryption SDK message format, version 1, as far as Cognito's custom sender codes use
//! it: parsing, and decryption once the data key is known.
//!
//! Written from the published message-format and algorithm references of the AWS Encryption SDK
//! and tested against messages made by the official Python SDK. Only algorithm suite `0x0378`
//! (`AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384`, the one Cognito uses) is decrypted; other
//! suites and format version 2 are refused with [`DecryptError::Unsupported`].
//!
//! Decryption checks, in order, before any plaintext is released: the header authentication
//! tag, every frame's tag (with the frame's sequence number and length in its associated data,
//! so frames cannot be reordered, dropped or cut), and the ECDSA P-384 signature over header and
//! body with the public key from the encryption context. Every length is bounded by the input,
//! and the input by [`MAX_MESSAGE_BYTES`].

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use hkdf::Hkdf;
use p384::ecdsa::signature::Verifier as _;
use p384::ecdsa::{Signature, VerifyingKey};
use sha2::Sha384;

use cognito_triggers::custom_sender::DecryptError;

/// The largest message accepted, in bytes (a Cognito code is about 1 KiB).
pub const MAX_MESSAGE_BYTES: usize = 48 * 1024;
/// The most encrypted data keys a message may carry (Cognito's carry one).
pub const MAX_DATA_KEYS: usize = 8;
/// The algorithm suite Cognito uses: AES-256-GCM, HKDF-SHA-384, ECDSA P-384, no key commitment.
pub const SUITE_AES_256_GCM_HKDF_SHA384_ECDSA_P384: u16 = 0x0378;
/// The encryption context key holding the signing public key.
pub const PUBLIC_KEY_CONTEXT_KEY: &str = "aws-crypto-public-key";

const VERSION_1: u8 = 0x01;
const TYPE_CUSTOMER_AUTHENTICATED: u8 = 0x80;
const CONTENT_NON_FRAMED: u8 = 0x01;
const CONTENT_FRAMED: u8 = 0x02;
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;
const FINAL_FRAME_MARKER: u32 = 0xFFFF_FFFF;

/// One encrypted data key of a message.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptedDataKey {
    /// Who wrapped it: `aws-kms` for KMS.
    pub provider_id: String,
    /// For KMS: the full ARN of the key that wrapped it.
    pub provider_info: String,
    /// The wrapped data key (for KMS, a KMS ciphertext blob).
    pub ciphertext: Vec<u8>,
}

impl std::fmt::Debug for EncryptedDataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptedDataKey")
            .field("provider_id", &self.provider_id)
            .field("provider_info", &self.provider_info)
            .field(
                "ciphertext",
                &format_args!("<{} bytes>", self.ciphertext.len()),
            )
            .finish()
    }
}

/// A parsed message, borrowing its bytes. Parsing checks the structure only; nothing is
/// authenticated until [`decrypt`](Message::decrypt).
#[derive(Debug)]
pub struct Message<'a> {
    bytes: &'a [u8],
    suite: u16,
    message_id: [u8; 16],
    context: Vec<(String, String)>,
    data_keys: Vec<EncryptedDataKey>,
    /// Length of the header up to (not including) its authentication.
    header_len: usize,
    header_iv: [u8; IV_LEN],
    header_tag: [u8; TAG_LEN],
    body: Body<'a>,
    /// Where the footer starts: the signature covers `bytes[..footer_start]`.
    footer_start: usize,
    signature: &'a [u8],
}

#[derive(Debug)]
enum Body<'a> {
    NonFramed(Frame<'a>),
    Framed(Vec<Frame<'a>>),
}

#[derive(Debug)]
struct Frame<'a> {
    sequence: u32,
    is_final: bool,
    iv: &'a [u8],
    ciphertext: &'a [u8],
    tag: &'a [u8],
}

impl<'a> Message<'a> {
    /// Parses `bytes` (already base64-decoded) as a version 1 message.
    ///
    /// # Errors
    ///
    /// [`DecryptError::Malformed`] for a structure that does not parse (truncated, trailing
    /// bytes, bad lengths, too big), [`DecryptError::Unsupported`] for another version, type or
    /// algorithm suite.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, DecryptError> {
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(malformed(format!(
                "{} bytes, more than the {MAX_MESSAGE_BYTES} accepted",
                bytes.len()
            )));
        }
        let mut reader = Reader { bytes, at: 0 };
        let version = reader.u8("version")?;
        if version != VERSION_1 {
            return Err(DecryptError::Unsupported(format!(
                "message format version {version} (Cognito's codes are version 1)"
            )));
        }
        let kind = reader.u8("type")?;
        if kind != TYPE_CUSTOMER_AUTHENTICATED {
            return Err(malformed(format!("message type {kind:#04x}")));
        }
        let suite = reader.u16("algorithm suite")?;
        if suite != SUITE_AES_256_GCM_HKDF_SHA384_ECDSA_P384 {
            return Err(DecryptError::Unsupported(format!(
                "algorithm suite {suite:#06x} (Cognito's codes use 0x0378)"
            )));
        }
        let message_id = reader.array::<16>("message ID")?;
        let context = read_context(&mut reader)?;
        let data_keys = read_data_keys(&mut reader)?;
        let content_type = reader.u8("content type")?;
        let reserved = reader.array::<4>("reserved")?;
        if reserved != [0; 4] {
            return Err(malformed("reserved bytes are not zero".into()));
        }
        let iv_len = reader.u8("IV length")?;
        if usize::from(iv_len) != IV_LEN {
            return Err(malformed(format!("IV length {iv_len}, not 12")));
        }
        let frame_len = reader.u32("frame length")?;
        let header_len = reader.at;
        let header_iv = reader.array::<IV_LEN>("header IV")?;
        let header_tag = reader.array::<TAG_LEN>("header authentication tag")?;
        let body = match content_type {
            CONTENT_NON_FRAMED => {
                if frame_len != 0 {
                    return Err(malformed("a non-framed message with a frame length".into()));
                }
                Body::NonFramed(read_single_block(&mut reader)?)
            }
            CONTENT_FRAMED => {
                if frame_len == 0 {
                    return Err(malformed("a framed message with frame length 0".into()));
                }
                Body::Framed(read_frames(&mut reader, frame_len)?)
            }
            other => return Err(malformed(format!("content type {other}"))),
        };
        let footer_start = reader.at;
        let signature_len = reader.u16("signature length")?;
        let signature = reader.take(usize::from(signature_len), "signature")?;
        if reader.at != bytes.len() {
            return Err(malformed(format!(
                "{} bytes after the signature",
                bytes.len() - reader.at
            )));
        }
        Ok(Self {
            bytes,
            suite,
            message_id,
            context,
            data_keys,
            header_len,
            header_iv,
            header_tag,
            body,
            footer_start,
            signature,
        })
    }

    /// Decodes `base64` and parses it; see [`parse`](Message::parse). The decoded bytes are
    /// returned for the message to borrow.
    ///
    /// # Errors
    ///
    /// [`DecryptError::Malformed`] when `base64` is not standard base64 or is too long.
    pub fn decode_base64(base64: &str) -> Result<Vec<u8>, DecryptError> {
        if base64.len() > MAX_MESSAGE_BYTES / 3 * 4 + 4 {
            return Err(malformed(format!(
                "{} base64 characters, more than a {MAX_MESSAGE_BYTES}-byte message",
                base64.len()
            )));
        }
        base64::engine::general_purpose::STANDARD
            .decode(base64.trim())
            .map_err(|error| malformed(format!("not base64 ({error})")))
    }

    /// The algorithm suite ID (always `0x0378` for a parsed message).
    pub fn suite(&self) -> u16 {
        self.suite
    }

    /// The encryption context, in the message's order.
    pub fn encryption_context(&self) -> &[(String, String)] {
        &self.context
    }

    /// One value of the encryption context.
    pub fn context_value(&self, key: &str) -> Option<&str> {
        self.context
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// The encrypted data keys.
    pub fn data_keys(&self) -> &[EncryptedDataKey] {
        &self.data_keys
    }

    /// Decrypts the body with the plaintext `data_key` and returns the plaintext once the
    /// header, every frame and the signature have verified.
    ///
    /// # Errors
    ///
    /// [`DecryptError::Integrity`] when a tag or the signature does not verify (wrong data key
    /// or altered message), [`DecryptError::Malformed`] for a data key of the wrong size or a
    /// missing or unusable public key.
    pub fn decrypt(&self, data_key: &[u8]) -> Result<Vec<u8>, DecryptError> {
        if data_key.len() != KEY_LEN {
            return Err(malformed(format!(
                "a data key of {} bytes, not 32",
                data_key.len()
            )));
        }
        let verifying_key = self.verifying_key()?;
        let cipher = self.content_cipher(data_key)?;

        let header = &self.bytes[..self.header_len];
        cipher
            .decrypt(
                &Nonce::from(self.header_iv),
                Payload {
                    msg: &self.header_tag,
                    aad: header,
                },
            )
            .map_err(|_| DecryptError::Integrity("the header authentication tag does not match"))?;

        let mut plaintext = Vec::new();
        match &self.body {
            Body::NonFramed(frame) => {
                plaintext =
                    self.open_frame(&cipher, frame, b"AWSKMSEncryptionClient Single Block")?;
            }
            Body::Framed(frames) => {
                for frame in frames {
                    let label: &[u8] = if frame.is_final {
                        b"AWSKMSEncryptionClient Final Frame"
                    } else {
                        b"AWSKMSEncryptionClient Frame"
                    };
                    plaintext.extend(self.open_frame(&cipher, frame, label)?);
                }
            }
        }

        let signature = Signature::from_der(self.signature)
            .map_err(|_| DecryptError::Integrity("the signature is not a DER ECDSA signature"))?;
        verifying_key
            .verify(&self.bytes[..self.footer_start], &signature)
            .map_err(|_| DecryptError::Integrity("the signature does not verify"))?;
        Ok(plaintext)
    }

    /// The signing key from the encryption context (a compressed P-384 point in base64).
    fn verifying_key(&self) -> Result<VerifyingKey, DecryptError> {
        let encoded = self.context_value(PUBLIC_KEY_CONTEXT_KEY).ok_or_else(|| {
            malformed("the encryption context has no aws-crypto-public-key".into())
        })?;
        let point = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| malformed("the public key is not base64".into()))?;
        VerifyingKey::from_sec1_bytes(&point)
            .map_err(|_| malformed("the public key is not a P-384 point".into()))
    }

    /// The content key: HKDF-SHA-384 of the data key, no salt, info = suite ID ‖ message ID.
    fn content_cipher(&self, data_key: &[u8]) -> Result<Aes256Gcm, DecryptError> {
        let mut info = [0u8; 18];
        info[..2].copy_from_slice(&self.suite.to_be_bytes());
        info[2..].copy_from_slice(&self.message_id);
        let mut key = [0u8; KEY_LEN];
        Hkdf::<Sha384>::new(None, data_key)
            .expand(&info, &mut key)
            .map_err(|_| malformed("key derivation failed".into()))?;
        let cipher =
            Aes256Gcm::new_from_slice(&key).map_err(|_| malformed("key derivation failed".into()));
        key.fill(0);
        cipher
    }

    /// Decrypts one frame; its associated data binds it to the message, its kind, position and
    /// length.
    fn open_frame(
        &self,
        cipher: &Aes256Gcm,
        frame: &Frame<'_>,
        label: &[u8],
    ) -> Result<Vec<u8>, DecryptError> {
        let mut aad = Vec::with_capacity(16 + label.len() + 12);
        aad.extend_from_slice(&self.message_id);
        aad.extend_from_slice(label);
        aad.extend_from_slice(&frame.sequence.to_be_bytes());
        aad.extend_from_slice(&(frame.ciphertext.len() as u64).to_be_bytes());
        let mut sealed = Vec::with_capacity(frame.ciphertext.len() + TAG_LEN);
        sealed.extend_from_slice(frame.ciphertext);
        sealed.extend_from_slice(frame.tag);
        let iv: [u8; IV_LEN] = frame
            .iv
            .try_into()
            .map_err(|_| malformed("a frame IV is not 12 bytes".into()))?;
        cipher
            .decrypt(
                &Nonce::from(iv),
                Payload {
                    msg: &sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| DecryptError::Integrity("a frame's authentication tag does not match"))
    }
}

fn malformed(detail: String) -> DecryptError {
    DecryptError::Malformed(detail)
}

/// A cursor over the message bytes; every read names what it reads for the error.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize, what: &str) -> Result<&'a [u8], DecryptError> {
        let end = self
            .at
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len());
        let Some(end) = end else {
            return Err(malformed(format!(
                "truncated: {what} needs {len} bytes at offset {}, {} left",
                self.at,
                self.bytes.len() - self.at
            )));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], DecryptError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8, DecryptError> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, DecryptError> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: &str) -> Result<u32, DecryptError> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64, DecryptError> {
        Ok(u64::from_be_bytes(self.array(what)?))
    }

    /// A field of a 2-byte length and that many bytes.
    fn short_bytes(&mut self, what: &str) -> Result<&'a [u8], DecryptError> {
        let len = self.u16(what)?;
        self.take(usize::from(len), what)
    }

    fn short_text(&mut self, what: &str) -> Result<String, DecryptError> {
        let bytes = self.short_bytes(what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| malformed(format!("{what} is not UTF-8")))
    }
}

/// The encryption context: a 2-byte length, then (when not empty) a count and the pairs.
fn read_context(reader: &mut Reader<'_>) -> Result<Vec<(String, String)>, DecryptError> {
    let serialized = reader.short_bytes("encryption context")?;
    if serialized.is_empty() {
        return Ok(Vec::new());
    }
    let mut inner = Reader {
        bytes: serialized,
        at: 0,
    };
    let count = inner.u16("encryption context count")?;
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(usize::from(count).min(16));
    for _ in 0..count {
        let key = inner.short_text("encryption context key")?;
        let value = inner.short_text("encryption context value")?;
        if pairs.iter().any(|(existing, _)| *existing == key) {
            return Err(malformed(format!(
                "encryption context key {key:?} appears twice"
            )));
        }
        pairs.push((key, value));
    }
    if inner.at != serialized.len() {
        return Err(malformed(
            "the encryption context has trailing bytes".into(),
        ));
    }
    Ok(pairs)
}

fn read_data_keys(reader: &mut Reader<'_>) -> Result<Vec<EncryptedDataKey>, DecryptError> {
    let count = reader.u16("encrypted data key count")?;
    if count == 0 {
        return Err(malformed("no encrypted data key".into()));
    }
    if usize::from(count) > MAX_DATA_KEYS {
        return Err(malformed(format!(
            "{count} encrypted data keys, more than the {MAX_DATA_KEYS} accepted"
        )));
    }
    (0..count)
        .map(|_| {
            Ok(EncryptedDataKey {
                provider_id: reader.short_text("key provider ID")?,
                provider_info: reader.short_text("key provider info")?,
                ciphertext: reader.short_bytes("encrypted data key")?.to_vec(),
            })
        })
        .collect()
}

fn read_single_block<'a>(reader: &mut Reader<'a>) -> Result<Frame<'a>, DecryptError> {
    let iv = reader.take(IV_LEN, "IV")?;
    let len = reader.u64("content length")?;
    let len = usize::try_from(len).map_err(|_| malformed("content length too big".into()))?;
    Ok(Frame {
        sequence: 1,
        is_final: true,
        iv,
        ciphertext: reader.take(len, "encrypted content")?,
        tag: reader.take(TAG_LEN, "authentication tag")?,
    })
}

fn read_frames<'a>(
    reader: &mut Reader<'a>,
    frame_len: u32,
) -> Result<Vec<Frame<'a>>, DecryptError> {
    let frame_len =
        usize::try_from(frame_len).map_err(|_| malformed("frame length too big".into()))?;
    let mut frames = Vec::new();
    let mut expected: u32 = 1;
    loop {
        let marker = reader.u32("sequence number")?;
        let is_final = marker == FINAL_FRAME_MARKER;
        let sequence = if is_final {
            reader.u32("final sequence number")?
        } else {
            marker
        };
        if sequence != expected {
            return Err(malformed(format!(
                "frame {sequence} where frame {expected} belongs"
            )));
        }
        let iv = reader.take(IV_LEN, "frame IV")?;
        let len = if is_final {
            let len = reader.u32("final frame length")?;
            let len = usize::try_from(len).map_err(|_| malformed("frame too big".into()))?;
            if len > frame_len {
                return Err(malformed(
                    "the final frame is longer than the frame length".into(),
                ));
            }
            len
        } else {
            frame_len
        };
        frames.push(Frame {
            sequence,
            is_final,
            iv,
            ciphertext: reader.take(len, "frame content")?,
            tag: reader.take(TAG_LEN, "frame authentication tag")?,
        });
        if is_final {
            return Ok(frames);
        }
        expected = expected
            .checked_add(1)
            .filter(|next| *next != FINAL_FRAME_MARKER)
            .ok_or_else(|| malformed("too many frames".into()))?;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! A minimal encryptor for the same format, so that parsing and every integrity check can be
    //! tested offline with a known data key. The messages of the official SDK are tested in the
    //! integration tests against a KMS emulator.

    use super::*;
    use p384::ecdsa::SigningKey;
    use p384::ecdsa::signature::Signer as _;

    pub(crate) const POOL: &str = "eu-west-1_Example";
    pub(crate) const KEY_ARN: &str =
        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /// Encrypts `plaintext` as the SDK does for suite 0x0378 (framed, `frame_len`), with
    /// `data_key` "wrapped" as itself.
    pub(crate) fn encrypt(
        plaintext: &[u8],
        data_key: &[u8; 32],
        pool: &str,
        frame_len: u32,
    ) -> Vec<u8> {
        let signing = SigningKey::from_slice(&[7u8; 48]).expect("a valid scalar");
        let public = signing.verifying_key().to_sec1_point(true);
        let public = base64::engine::general_purpose::STANDARD.encode(public.as_bytes());
        let mut context = vec![
            (PUBLIC_KEY_CONTEXT_KEY.to_owned(), public),
            ("userpool-id".to_owned(), pool.to_owned()),
        ];
        context.sort();
        let message_id = [9u8; 16];

        let mut out = vec![VERSION_1, TYPE_CUSTOMER_AUTHENTICATED];
        out.extend_from_slice(&SUITE_AES_256_GCM_HKDF_SHA384_ECDSA_P384.to_be_bytes());
        out.extend_from_slice(&message_id);
        let mut aad = Vec::new();
        aad.extend_from_slice(&(context.len() as u16).to_be_bytes());
        for (key, value) in &context {
            for part in [key, value] {
                aad.extend_from_slice(&(part.len() as u16).to_be_bytes());
                aad.extend_from_slice(part.as_bytes());
            }
        }
        out.extend_from_slice(&(aad.len() as u16).to_be_bytes());
        out.extend_from_slice(&aad);
        out.extend_from_slice(&1u16.to_be_bytes());
        for part in [
            b"aws-kms".as_slice(),
            KEY_ARN.as_bytes(),
            data_key.as_slice(),
        ] {
            out.extend_from_slice(&(part.len() as u16).to_be_bytes());
            out.extend_from_slice(part);
        }
        out.push(CONTENT_FRAMED);
        out.extend_from_slice(&[0; 4]);
        out.push(IV_LEN as u8);
        out.extend_from_slice(&frame_len.to_be_bytes());

        let mut info = SUITE_AES_256_GCM_HKDF_SHA384_ECDSA_P384
            .to_be_bytes()
            .to_vec();
        info.extend_from_slice(&message_id);
        let mut key = [0u8; 32];
        Hkdf::<Sha384>::new(None, data_key)
            .expand(&info, &mut key)
            .expect("32 bytes");
        let cipher = Aes256Gcm::new_from_slice(&key).expect("32 bytes");
        let header_iv = [0u8; 12];
        let tag = cipher
            .encrypt(
                &Nonce::from(header_iv),
                Payload {
                    msg: b"",
                    aad: &out,
                },
            )
            .expect("encrypts");
        out.extend_from_slice(&header_iv);
        out.extend_from_slice(&tag);

        let chunks: Vec<&[u8]> = plaintext.chunks(frame_len as usize).collect();
        let count = chunks.len().max(1);
        for index in 0..count {
            let chunk = chunks.get(index).copied().unwrap_or_default();
            let sequence = index as u32 + 1;
            let is_final = index + 1 == count;
            let mut iv = [0u8; 12];
            iv[8..].copy_from_slice(&sequence.to_be_bytes());
            let label: &[u8] = if is_final {
                b"AWSKMSEncryptionClient Final Frame"
            } else {
                b"AWSKMSEncryptionClient Frame"
            };
            let mut frame_aad = message_id.to_vec();
            frame_aad.extend_from_slice(label);
            frame_aad.extend_from_slice(&sequence.to_be_bytes());
            frame_aad.extend_from_slice(&(chunk.len() as u64).to_be_bytes());
            let sealed = cipher
                .encrypt(
                    &Nonce::from(iv),
                    Payload {
                        msg: chunk,
                        aad: &frame_aad,
                    },
                )
                .expect("encrypts");
            if is_final {
                out.extend_from_slice(&FINAL_FRAME_MARKER.to_be_bytes());
            }
            out.extend_from_slice(&sequence.to_be_bytes());
            out.extend_from_slice(&iv);
            if is_final {
                out.extend_from_slice(&(chunk.len() as u32).to_be_bytes());
            }
            out.extend_from_slice(&sealed);
        }
        let signature: Signature = signing.sign(&out);
        let der = signature.to_der();
        out.extend_from_slice(&(der.as_bytes().len() as u16).to_be_bytes());
        out.extend_from_slice(der.as_bytes());
        out
    }

    const DATA_KEY: [u8; 32] = [42; 32];

    #[test]
    fn round_trips_one_and_many_frames() {
        for (plaintext, frame_len) in [
            (b"482913".as_slice(), 4096),
            (b"".as_slice(), 4096),
            (b"a temporary password that spans frames".as_slice(), 8),
            (b"exactly16bytes!!".as_slice(), 8),
        ] {
            let bytes = encrypt(plaintext, &DATA_KEY, POOL, frame_len);
            let message = Message::parse(&bytes).expect("parses");
            assert_eq!(message.context_value("userpool-id"), Some(POOL));
            assert_eq!(message.data_keys()[0].provider_info, KEY_ARN);
            assert_eq!(message.decrypt(&DATA_KEY).expect("decrypts"), plaintext);
        }
    }

    #[test]
    fn a_wrong_data_key_fails_the_header_check() {
        let bytes = encrypt(b"482913", &DATA_KEY, POOL, 4096);
        let message = Message::parse(&bytes).expect("parses");
        let error = message.decrypt(&[1; 32]).expect_err("wrong key");
        assert!(matches!(error, DecryptError::Integrity(_)), "{error}");
    }

    #[test]
    fn every_flipped_bit_is_refused() {
        let bytes = encrypt(b"482913", &DATA_KEY, POOL, 4096);
        for index in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[index] ^= 0x01;
            let outcome = Message::parse(&altered).and_then(|message| message.decrypt(&DATA_KEY));
            assert!(outcome.is_err(), "byte {index} altered and still accepted");
        }
    }

    #[test]
    fn every_truncation_is_refused_without_panic() {
        let bytes = encrypt(
            b"a temporary password that spans frames",
            &DATA_KEY,
            POOL,
            8,
        );
        for len in 0..bytes.len() {
            let error = Message::parse(&bytes[..len])
                .and_then(|message| message.decrypt(&DATA_KEY))
                .expect_err("truncated");
            assert!(
                matches!(
                    error,
                    DecryptError::Malformed(_) | DecryptError::Integrity(_)
                ),
                "{len}: {error}"
            );
        }
        let mut longer = bytes;
        longer.push(0);
        assert!(matches!(
            Message::parse(&longer),
            Err(DecryptError::Malformed(_))
        ));
    }

    #[test]
    fn dropping_a_frame_is_refused() {
        // Three frames of 8 bytes: remove the second and renumber nothing.
        let bytes = encrypt(b"0123456789abcdefXYZ", &DATA_KEY, POOL, 8);
        let message = Message::parse(&bytes).expect("parses");
        let Body::Framed(frames) = &message.body else {
            panic!("framed")
        };
        assert_eq!(frames.len(), 3);
        let start = frames[1].iv.as_ptr() as usize - bytes.as_ptr() as usize - 4;
        let end = frames[2].iv.as_ptr() as usize - bytes.as_ptr() as usize - 8;
        let mut cut = bytes[..start].to_vec();
        cut.extend_from_slice(&bytes[end..]);
        assert!(
            Message::parse(&cut)
                .and_then(|m| m.decrypt(&DATA_KEY))
                .is_err()
        );
    }

    #[test]
    fn other_versions_and_suites_are_unsupported() {
        let mut bytes = encrypt(b"1", &DATA_KEY, POOL, 4096);
        bytes[0] = 2;
        assert!(matches!(
            Message::parse(&bytes),
            Err(DecryptError::Unsupported(_))
        ));
        let mut bytes = encrypt(b"1", &DATA_KEY, POOL, 4096);
        bytes[2..4].copy_from_slice(&0x0578u16.to_be_bytes());
        assert!(matches!(
            Message::parse(&bytes),
            Err(DecryptError::Unsupported(_))
        ));
    }

    #[test]
    fn oversized_input_is_refused_before_decoding() {
        let huge = "A".repeat(MAX_MESSAGE_BYTES * 2);
        assert!(matches!(
            Message::decode_base64(&huge),
            Err(DecryptError::Malformed(_))
        ));
        assert!(matches!(
            Message::decode_base64("not base64!"),
            Err(DecryptError::Malformed(_))
        ));
    }
}
