"""End to end: boto3 -> cognito-local -> (invoke proxy) -> `cargo lambda watch` -> our functions.

No mocks: cognito-local runs the real Cognito API flows and invokes the trigger functions
through the Lambda Invoke API; the functions are this workspace's `pre-sign-up`,
`custom-message` and `user-migration` binaries; the legacy database is a real SQLite file.
Run through e2e/run.sh, which starts and stops everything. Known cognito-local gaps and how
this test handles them are listed in e2e/README.md.
"""

from __future__ import annotations

import sqlite3

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-Horse-Battery"
LEGACY_USER = "legacy.user@example.com"
LEGACY_PASSWORD = "Legacy-Passw0rd!"


def error_of(call) -> ClientError:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value


def code_and_message(error: ClientError) -> tuple[str, str]:
    return error.response["Error"]["Code"], error.response["Error"].get("Message", "")


def attributes_of(cognito, pool, username: str) -> dict[str, str]:
    user = cognito.admin_get_user(UserPoolId=pool.pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]} | {
        "(status)": user["UserStatus"]
    }


def sign_in(cognito, pool, username: str, password: str) -> dict:
    return cognito.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )


# --- pre sign-up ---------------------------------------------------------------------------


def test_sign_up_at_an_auto_confirm_domain_is_not_confirmed_by_the_domain_alone(
    cognito, pool, journal
):
    """Anyone can type an example.com address: without an invite token it gets no flag."""
    before = len(journal.calls("pre-sign-up"))
    reply = cognito.sign_up(
        ClientId=pool.client_id,
        Username="alice@example.com",
        Password=PASSWORD,
        UserAttributes=[{"Name": "given_name", "Value": "Alice"}],
    )
    # example.com is an auto-confirm and auto-verify domain in e2e/pre-sign-up-policy.json, which
    # applies only to addresses vouched for by an invite token.
    assert reply["UserConfirmed"] is False
    attributes = attributes_of(cognito, pool, "alice@example.com")
    assert attributes["(status)"] == "UNCONFIRMED"
    assert attributes.get("email_verified") != "true"

    calls = journal.calls("pre-sign-up")[before:]
    assert [call["triggerSource"] for call in calls] == ["PreSignUp_SignUp"]
    assert calls[0]["functionError"] is False
    assert calls[0]["response"] == {
        "autoConfirmUser": False,
        "autoVerifyEmail": False,
        "autoVerifyPhone": False,
    }


def test_sign_up_from_a_blocked_domain_is_rejected_with_the_policy_message(
    cognito, pool, journal
):
    before = len(journal.calls("pre-sign-up"))
    error = error_of(
        lambda: cognito.sign_up(
            ClientId=pool.client_id, Username="mallory@blocked.example", Password=PASSWORD
        )
    )
    code, message = code_and_message(error)
    assert code == "UserLambdaValidationException"
    # Real Cognito prefixes "PreSignUp"; cognito-local prefixes the function name (see README).
    assert message.endswith(
        "failed with error Sign-ups with email addresses at blocked.example are not allowed."
    ), message

    calls = journal.calls("pre-sign-up")[before:]
    assert len(calls) == 1 and calls[0]["functionError"] is True
    assert code_and_message(
        error_of(lambda: cognito.admin_get_user(UserPoolId=pool.pool_id, Username="mallory@blocked.example"))
    )[0] == "UserNotFoundException"


def test_sign_up_for_a_login_still_in_the_legacy_database_is_refused(cognito, pool, journal):
    """The legacy guard: nobody can claim a legacy user's address before it migrates."""
    before = len(journal.calls("pre-sign-up"))
    error = error_of(
        lambda: cognito.sign_up(ClientId=pool.client_id, Username=LEGACY_USER, Password=PASSWORD)
    )
    code, message = code_and_message(error)
    assert code == "UserLambdaValidationException"
    assert message.endswith(
        "failed with error An account with this login already exists. "
        "Please sign in with your existing password."
    ), message
    calls = journal.calls("pre-sign-up")[before:]
    assert len(calls) == 1 and calls[0]["functionError"] is True
    assert code_and_message(
        error_of(lambda: cognito.admin_get_user(UserPoolId=pool.pool_id, Username=LEGACY_USER))
    )[0] == "UserNotFoundException"


# --- custom message -------------------------------------------------------------------------


def test_forgot_password_with_locale_de_delivers_the_german_template_with_the_real_code(
    cognito, pool, journal, cognito_log
):
    username = "lena@example.com"
    cognito.sign_up(ClientId=pool.client_id, Username=username, Password=PASSWORD)
    # The domain does not confirm anyone; confirm her as the sign-up code would.
    cognito.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username=username)
    before = len(journal.calls("custom-message"))
    offset = cognito_log.size()

    reply = cognito.forgot_password(
        ClientId=pool.client_id, Username=username, ClientMetadata={"locale": "de"}
    )
    assert reply["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"

    # What the function answered: the German template, placeholder still in place.
    calls = journal.calls("custom-message")[before:]
    assert [call["triggerSource"] for call in calls] == ["CustomMessage_ForgotPassword"]
    response = calls[0]["response"]
    assert response["emailSubject"] == "Passwort zurücksetzen"
    assert "{####}" in response["emailMessage"]
    assert response["smsMessage"].startswith("Ihr Code zum Zurücksetzen des Passworts lautet {####}")

    # What cognito-local delivered: the same text with the real code substituted.
    deliveries = cognito_log.deliveries_since(offset)
    assert len(deliveries) == 1, deliveries
    delivered = deliveries[0]
    code = delivered.get("Code")
    assert code.isdigit() and len(code) >= 6, delivered
    assert delivered.fields["Email Subject"] == "Passwortzurücksetzen"
    assert "{####}" not in delivered.fields["Email Message"]
    assert code in delivered.fields["Email Message"]
    assert "IhrCodezumZurücksetzen" in delivered.fields["Email Message"]
    assert delivered.fields["SMS Message"].startswith(
        f"IhrCodezumZurücksetzendesPasswortslautet{code}."
    )

    # The delivered code is the real one: it resets the password.
    cognito.confirm_forgot_password(
        ClientId=pool.client_id,
        Username=username,
        ConfirmationCode=code,
        Password="N3w-Passw0rd-Lena",
    )
    assert "AuthenticationResult" in sign_in(cognito, pool, username, "N3w-Passw0rd-Lena")


# --- user migration -------------------------------------------------------------------------


def test_unknown_user_is_migrated_from_the_legacy_database_once(
    cognito, pool, journal, legacy_db
):
    assert not journal.calls("user-migration", LEGACY_USER)

    first = sign_in(cognito, pool, LEGACY_USER, LEGACY_PASSWORD)
    assert "AccessToken" in first["AuthenticationResult"]

    calls = journal.calls("user-migration", LEGACY_USER)
    assert [call["triggerSource"] for call in calls] == ["UserMigration_Authentication"]
    response = calls[0]["response"]
    assert response["userAttributes"]["email"] == LEGACY_USER
    assert response["userAttributes"]["email_verified"] == "true"
    assert response["finalUserStatus"] == "CONFIRMED"
    attributes = attributes_of(cognito, pool, LEGACY_USER)
    assert attributes["(status)"] == "CONFIRMED"
    assert attributes["given_name"] == "Lena"

    # The legacy database forgets the user: a second migration could no longer succeed.
    with sqlite3.connect(legacy_db) as db:
        deleted = db.execute(
            "DELETE FROM legacy_users WHERE email = ?", (LEGACY_USER,)
        ).rowcount
    assert deleted == 1

    second = sign_in(cognito, pool, LEGACY_USER, LEGACY_PASSWORD)
    assert "AccessToken" in second["AuthenticationResult"]
    # ... and the function was not called again: the user now lives in the pool.
    assert len(journal.calls("user-migration", LEGACY_USER)) == 1


def test_a_wrong_legacy_password_is_not_migrated(cognito, pool, journal):
    username = "bcrypt.user@example.com"
    try:
        sign_in(cognito, pool, username, "not-the-password")
    except ClientError:
        pass  # what real Cognito does; cognito-local does not (next test)
    calls = journal.calls("user-migration", username)
    assert len(calls) == 1
    assert calls[0]["functionError"] is False
    # "Not found": the event comes back without user attributes to create a user from.
    assert not (calls[0]["response"] or {}).get("userAttributes")


def test_a_user_unknown_to_the_legacy_database_cannot_sign_in(cognito, pool, journal):
    username = "nobody@example.com"
    try:
        reply = sign_in(cognito, pool, username, LEGACY_PASSWORD)
    except ClientError as error:
        reply = None
        assert code_and_message(error)[0] in {"NotAuthorizedException", "UserNotFoundException"}
    calls = journal.calls("user-migration", username)
    assert len(calls) == 1
    assert calls[0]["functionError"] is False
    assert not (calls[0]["response"] or {}).get("userAttributes")
    if reply is not None:
        pytest.xfail(
            "cognito-local 5.3.0 creates a user (with the password typed) from a migration "
            "reply without user attributes, where Cognito refuses the sign-in; see e2e/README.md"
        )
