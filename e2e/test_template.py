"""Checks of template.yaml that cfn-lint cannot make: what a deployment puts into the functions'
configuration, which parameter values CloudFormation refuses, and that the user pool and the
user-migration function apply the same password policy.

The template is read with cfn-lint's YAML loader (short-form tags become `{"Ref": ...}`,
`{"Fn::If": [...]}` and so on) and the parts a deployment evaluates (parameter constraints,
Rules, Conditions, `Ref`, `Fn::If`) are evaluated here the way CloudFormation does. Runs
without any service: `e2e/run.sh lint`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml

TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
NO_VALUE = object()

SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:legacy/db-url-AbC123"
KMS_KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PLAIN_URL = "postgres://migration@legacy-db.internal:5432/users?sslmode=verify-full"

# The pool's password policy property -> the user-migration variable that must carry it.
POLICY_VARIABLES = {
    "MinimumLength": "PASSWORD_POLICY_MINIMUM_LENGTH",
    "RequireLowercase": "PASSWORD_POLICY_REQUIRE_LOWERCASE",
    "RequireUppercase": "PASSWORD_POLICY_REQUIRE_UPPERCASE",
    "RequireNumbers": "PASSWORD_POLICY_REQUIRE_NUMBERS",
    "RequireSymbols": "PASSWORD_POLICY_REQUIRE_SYMBOLS",
}


class Refused(Exception):
    """CloudFormation would refuse the parameters (a constraint or a Rule)."""


@pytest.fixture(scope="module")
def template() -> dict:
    return cfn_yaml.load(str(TEMPLATE))


def functions(template: dict) -> dict[str, dict]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] in ("AWS::Serverless::Function", "AWS::Lambda::Function")
    }


class Stack:
    """One deployment of the template: parameter values checked and evaluated like CloudFormation."""

    def __init__(self, template: dict, **values: str):
        self.template = template
        params = template["Parameters"]
        unknown = set(values) - set(params)
        assert not unknown, f"no such parameters: {unknown}"
        self.values = {name: str(values.get(name, spec.get("Default", ""))) for name, spec in params.items()}
        for name, spec in params.items():
            check_parameter(name, spec, self.values[name])
        for rule_name, rule in template.get("Rules", {}).items():
            if "RuleCondition" in rule and not self.eval(rule["RuleCondition"]):
                continue
            for assertion in rule["Assertions"]:
                if not self.eval(assertion["Assert"]):
                    raise Refused(f"{rule_name}: {assertion.get('AssertDescription', '')}")

    def deploys(self, resource: str) -> bool:
        """Whether `resource` is part of this deployment (its Condition, if any, holds)."""
        name = self.template["Resources"][resource].get("Condition")
        return name is None or self.condition(name)

    def condition(self, name: str) -> bool:
        return bool(self.eval(self.template["Conditions"][name]))

    def eval(self, node):
        if isinstance(node, dict) and len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref":
                if arg == "AWS::NoValue":
                    return NO_VALUE
                if arg == "AWS::Region":
                    return "eu-central-1"
                if arg in self.values:
                    spec = self.template["Parameters"][arg]
                    if spec["Type"] == "CommaDelimitedList":
                        return self.values[arg].split(",") if self.values[arg] else [""]
                    return self.values[arg]
                return f"<{arg}>"
            if key == "Fn::If":
                name, yes, no = arg
                return self.eval(yes if self.condition(name) else no)
            if key == "Fn::Equals":
                left, right = (self.eval(a) for a in arg)
                return str(left) == str(right)
            if key == "Fn::Not":
                return not self.eval(arg[0])
            if key == "Fn::Or":
                return any(self.eval(a) for a in arg)
            if key == "Fn::And":
                return all(self.eval(a) for a in arg)
            if key == "Fn::Join":
                separator, items = arg
                return separator.join(str(i) for i in self.eval(items))
            if key == "Fn::Sub" and isinstance(arg, str):
                return re.sub(r"\$\{([^}!]+)\}", lambda m: str(self.eval({"Ref": m.group(1)})), arg)
            if key == "Condition":
                return self.condition(arg)
            if key.startswith("Fn::"):
                return f"<{key}>"
        if isinstance(node, dict):
            out = {k: self.eval(v) for k, v in node.items()}
            return {k: v for k, v in out.items() if v is not NO_VALUE}
        if isinstance(node, list):
            return [v for v in (self.eval(i) for i in node) if v is not NO_VALUE]
        return node

    def environment(self, function: str) -> dict[str, str]:
        properties = self.template["Resources"][function]["Properties"]
        merged = dict(self.template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
        merged.update(properties.get("Environment", {}).get("Variables", {}))
        return {k: str(v) for k, v in self.eval(merged).items()}

    def properties(self, resource: str) -> dict:
        return self.eval(self.template["Resources"][resource]["Properties"])


def check_parameter(name: str, spec: dict, value: str) -> None:
    pattern = spec.get("AllowedPattern")
    if pattern is not None and not re.fullmatch(pattern, value):
        raise Refused(f"{name}: {spec.get('ConstraintDescription', 'does not match AllowedPattern')}")
    allowed = spec.get("AllowedValues")
    if allowed is not None and value not in [str(a) for a in allowed]:
        raise Refused(f"{name}: not one of {allowed}")
    if spec["Type"] == "Number":
        number = float(value)
        if "MinValue" in spec and number < float(spec["MinValue"]):
            raise Refused(f"{name}: below {spec['MinValue']}")
        if "MaxValue" in spec and number > float(spec["MaxValue"]):
            raise Refused(f"{name}: above {spec['MaxValue']}")


def strings(node):
    """Every string anywhere under `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


# ---- the legacy database: a secret ARN, exactly one source, no blank values ------------------


def test_the_secret_path_puts_only_the_arn_into_the_function(template):
    stack = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN)
    env = stack.environment("UserMigrationFunction")
    assert env["LEGACY_DATABASE_URL_SECRET_ARN"] == SECRET_ARN
    assert "LEGACY_DATABASE_URL" not in env


def test_the_plain_url_path_passes_the_url(template):
    env = Stack(template, LegacyDatabaseUrl=PLAIN_URL).environment("UserMigrationFunction")
    assert env["LEGACY_DATABASE_URL"] == PLAIN_URL
    assert "LEGACY_DATABASE_URL_SECRET_ARN" not in env


def test_no_function_environment_resolves_a_secret_at_deploy_time(template):
    # A dynamic reference is resolved by CloudFormation into the plaintext function
    # configuration, readable with lambda:GetFunctionConfiguration.
    sources = [template.get("Globals", {})] + list(functions(template).values())
    for source in sources:
        for text in strings(source):
            assert "{{resolve:" not in text, f"dynamic reference in a function: {text}"


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({}, id="neither"),
        pytest.param({"LegacyDatabaseUrl": PLAIN_URL, "LegacyDatabaseUrlSecretArn": SECRET_ARN}, id="both"),
        pytest.param({"LegacyDatabaseUrl": " "}, id="url-blank"),
        pytest.param({"LegacyDatabaseUrl": "\t \n"}, id="url-whitespace"),
        pytest.param({"LegacyDatabaseUrl": " " + PLAIN_URL}, id="url-leading-space"),
        pytest.param({"LegacyDatabaseUrl": PLAIN_URL + " "}, id="url-trailing-space"),
        pytest.param({"LegacyDatabaseUrlSecretArn": " "}, id="arn-blank"),
        pytest.param({"LegacyDatabaseUrlSecretArn": SECRET_ARN + " "}, id="arn-trailing-space"),
        pytest.param({"LegacyDatabaseUrl": "postgres://app:s3cret@db.internal/users"}, id="url-with-password"),
        pytest.param({"LegacyDatabaseUrl": "mysql://:s3cret@db.internal/users"}, id="url-with-empty-user"),
        pytest.param({"LegacyDatabaseUrl": "postgres://db.internal/users?user=app&password=s3cret"}, id="url-password-query"),
        pytest.param({"LegacyDatabaseUrl": "demo:"}, id="url-demo"),
        pytest.param({"LegacyDatabaseUrl": "redis://db.internal"}, id="url-unknown-scheme"),
        pytest.param({"LegacyDatabaseUrl": PLAIN_URL, "LegacyDatabaseUrlSecretKmsKeyArn": KMS_KEY_ARN}, id="key-without-secret"),
    ],
)
def test_deployments_without_exactly_one_usable_database_are_refused(template, values):
    with pytest.raises(Refused):
        Stack(template, **values)


@pytest.mark.parametrize(
    "values",
    [
        {"LegacyDatabaseUrlSecretArn": SECRET_ARN},
        {"LegacyDatabaseUrlSecretArn": SECRET_ARN, "LegacyDatabaseUrlSecretKmsKeyArn": KMS_KEY_ARN},
        {"LegacyDatabaseUrl": PLAIN_URL},
        {"LegacyDatabaseUrl": "mysql://migration@db.internal:3306/users?ssl-mode=VERIFY_IDENTITY"},
        {"LegacyDatabaseUrl": "sqlite:/opt/legacy/users.sqlite?mode=ro"},
    ],
)
def test_deployments_with_one_database_are_accepted(template, values):
    Stack(template, **values)


def test_the_secret_and_its_key_are_readable_by_user_migration_only(template):
    stack = Stack(
        template, LegacyDatabaseUrlSecretArn=SECRET_ARN, LegacyDatabaseUrlSecretKmsKeyArn=KMS_KEY_ARN
    )
    grants = {}
    for name in functions(template):
        if not stack.deploys(name):
            continue
        for policy in stack.properties(name).get("Policies", []):
            assert isinstance(policy, dict) and "Statement" in policy, f"{name}: unexpected policy {policy}"
            for statement in policy["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                for action in actions:
                    grants.setdefault(action, []).append((name, statement))
    assert set(grants) == {"secretsmanager:GetSecretValue", "kms:Decrypt"}
    [(name, secret)] = grants["secretsmanager:GetSecretValue"]
    assert (name, secret["Effect"], secret["Resource"]) == ("UserMigrationFunction", "Allow", SECRET_ARN)
    [(name, key)] = grants["kms:Decrypt"]
    assert (name, key["Resource"]) == ("UserMigrationFunction", KMS_KEY_ARN)
    assert key["Condition"]["StringEquals"]["kms:ViaService"] == "secretsmanager.eu-central-1.amazonaws.com"

    without_key = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN)
    assert len(without_key.properties("UserMigrationFunction")["Policies"]) == 1
    assert Stack(template, LegacyDatabaseUrl=PLAIN_URL).properties("UserMigrationFunction")["Policies"] == []


def test_no_function_may_skip_tls_verification_or_serve_the_demo_store(template):
    for name, resource in functions(template).items():
        for text in strings(resource):
            assert "LEGACY_DB_ALLOW_UNVERIFIED_TLS" not in text, name
            assert "DEMO" not in text.upper(), f"{name}: {text}"
    for text in strings(template.get("Globals", {})):
        assert "LEGACY_DB_ALLOW_UNVERIFIED_TLS" not in text
        assert "DEMO" not in text.upper()
    for values in ({"LegacyDatabaseUrlSecretArn": SECRET_ARN}, {"LegacyDatabaseUrl": PLAIN_URL}):
        env = Stack(template, **values).environment("UserMigrationFunction")
        assert set(env) <= {"LEGACY_DATABASE_URL", "LEGACY_DATABASE_URL_SECRET_ARN", *POLICY_VARIABLES.values()}
        assert all(value.strip() for value in env.values()), env


# ---- the password policy: one source for the pool and the function --------------------------


@pytest.mark.parametrize(
    "values",
    [
        {},
        {
            "PasswordMinimumLength": "14",
            "PasswordRequireLowercase": "false",
            "PasswordRequireUppercase": "false",
            "PasswordRequireNumbers": "false",
            "PasswordRequireSymbols": "true",
        },
        {"PasswordMinimumLength": "8", "PasswordRequireSymbols": "true"},
    ],
)
def test_user_migration_checks_the_pools_password_policy(template, values):
    stack = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, **values)
    policy = stack.properties("UserPool")["Policies"]["PasswordPolicy"]
    env = stack.environment("UserMigrationFunction")
    assert set(policy) >= set(POLICY_VARIABLES)
    for prop, variable in POLICY_VARIABLES.items():
        assert str(policy[prop]).lower() == env[variable].lower(), (prop, policy[prop], env[variable])
    if "PasswordMinimumLength" in values:
        assert env["PASSWORD_POLICY_MINIMUM_LENGTH"] == values["PasswordMinimumLength"]


def test_the_pool_and_the_function_read_the_same_policy_parameters(template):
    # Not two literals that happen to agree today: both places name the same parameter.
    policy = template["Resources"]["UserPool"]["Properties"]["Policies"]["PasswordPolicy"]
    env = template["Resources"]["UserMigrationFunction"]["Properties"]["Environment"]["Variables"]
    for prop, variable in POLICY_VARIABLES.items():
        assert "Ref" in policy[prop], prop
        assert env[variable] == policy[prop], (prop, env[variable], policy[prop])


# ---- limits, logs, pool protection -----------------------------------------------------------


def test_user_migration_has_memory_for_hashes_and_a_concurrency_cap(template):
    props = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN).properties("UserMigrationFunction")
    assert int(props["MemorySize"]) >= 1024
    assert int(props["ReservedConcurrentExecutions"]) == 10
    unreserved = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, MigrationReservedConcurrency="0")
    assert "ReservedConcurrentExecutions" not in unreserved.properties("UserMigrationFunction")


def test_every_function_logs_into_a_group_that_expires(template):
    stack = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, LogRetentionDays="14")
    groups = set()
    for name, resource in functions(template).items():
        group = resource["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert template["Resources"][group]["Type"] == "AWS::Logs::LogGroup", name
        assert stack.properties(group)["RetentionInDays"] == "14", name
        groups.add(group)
    assert len(groups) == len(functions(template))


def test_the_log_level_cannot_be_trace(template):
    assert "TRACE" not in [str(v).upper() for v in template["Parameters"]["LogLevel"]["AllowedValues"]]
    with pytest.raises(Refused):
        Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, LogLevel="TRACE")


def test_the_pool_is_protected_by_default(template):
    pool = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN).properties("UserPool")
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert pool["UserPoolTier"] == "PLUS"
    assert template["Parameters"]["PreSignUpConfig"].get("NoEcho") is True
    assert template["Parameters"]["LegacyDatabaseUrl"].get("NoEcho") is True
    cheap = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, ThreatProtectionMode="OFF").properties("UserPool")
    assert "UserPoolAddOns" not in cheap and cheap["UserPoolTier"] == "ESSENTIALS"


SES_IDENTITY = "arn:aws:ses:eu-central-1:111122223333:identity/example.com"
SENDERS = dict(
    LegacyDatabaseUrlSecretArn=SECRET_ARN,
    CustomSenders="email-and-sms",
    SesSourceArn=SES_IDENTITY,
    SesFromAddress="Example <no-reply@example.com>",
)


def test_custom_senders_are_off_by_default(template):
    stack = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN)
    for resource in ("CustomSenderKey", "CustomEmailSenderFunction", "CustomSmsSenderFunction"):
        assert not stack.deploys(resource), resource
    config = stack.properties("UserPool")["LambdaConfig"]
    assert not {"KMSKeyID", "CustomEmailSender", "CustomSMSSender"} & set(config)


def test_the_email_sender_needs_an_ses_identity(template):
    with pytest.raises(Refused):
        Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, CustomSenders="email")
    sms_only = Stack(template, LegacyDatabaseUrlSecretArn=SECRET_ARN, CustomSenders="sms")
    assert sms_only.deploys("CustomSmsSenderFunction")
    assert not sms_only.deploys("CustomEmailSenderFunction")


def test_the_pool_hands_its_codes_to_the_senders_under_its_key(template):
    stack = Stack(template, **SENDERS)
    config = stack.properties("UserPool")["LambdaConfig"]
    assert config["KMSKeyID"] == "<Fn::GetAtt>"
    assert template["Resources"]["UserPool"]["Properties"]["LambdaConfig"]["KMSKeyID"]["Fn::If"][1] == {
        "Fn::GetAtt": ["CustomSenderKey", "Arn"]
    }
    for trigger in ("CustomEmailSender", "CustomSMSSender"):
        assert config[trigger]["LambdaVersion"] == "V1_0", trigger
    for function in ("CustomEmailSenderFunction", "CustomSmsSenderFunction"):
        env = stack.environment(function)
        assert env["CUSTOM_SENDER_KMS_KEY_ARN"] == "<Fn::GetAtt>"
        props = stack.properties(function)
        assert props["EventInvokeConfig"]["MaximumRetryAttempts"] == 2
        assert int(props["EventInvokeConfig"]["MaximumEventAgeInSeconds"]) <= 900
    assert stack.environment("CustomEmailSenderFunction")["CUSTOM_EMAIL_SENDER_FROM"] == SENDERS["SesFromAddress"]


def test_only_cognito_encrypts_and_only_the_senders_decrypt(template):
    stack = Stack(template, **SENDERS)
    key = stack.properties("CustomSenderKey")
    assert key["EnableKeyRotation"] is True and key["KeySpec"] == "SYMMETRIC_DEFAULT"
    [cognito] = [s for s in key["KeyPolicy"]["Statement"] if s["Principal"].get("Service") == "cognito-idp.amazonaws.com"]
    assert sorted(cognito["Action"]) == ["kms:CreateGrant", "kms:Encrypt"]
    assert cognito["Condition"]["StringEquals"]["aws:SourceAccount"] == "<AWS::AccountId>"
    decryptors = []
    for name in functions(template):
        if not stack.deploys(name):
            continue
        for policy in stack.properties(name).get("Policies", []):
            for statement in policy["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                if "kms:Decrypt" in actions and statement.get("Resource") == "<Fn::GetAtt>":
                    decryptors.append(name)
    assert sorted(decryptors) == ["CustomEmailSenderFunction", "CustomSmsSenderFunction"]


def test_the_senders_may_only_send(template):
    stack = Stack(template, **SENDERS)
    [email] = stack.properties("CustomEmailSenderFunction")["Policies"]
    actions = {(s["Effect"], s["Action"], str(s["Resource"])) for s in email["Statement"]}
    assert actions == {("Allow", "kms:Decrypt", "<Fn::GetAtt>"), ("Allow", "ses:SendEmail", SES_IDENTITY)}
    [sms] = stack.properties("CustomSmsSenderFunction")["Policies"]
    actions = {(s["Effect"], s["Action"], str(s["Resource"])) for s in sms["Statement"]}
    assert actions == {
        ("Allow", "kms:Decrypt", "<Fn::GetAtt>"),
        ("Allow", "sns:Publish", "*"),
        ("Deny", "sns:Publish", "arn:<AWS::Partition>:sns:*:*:*"),
    }

