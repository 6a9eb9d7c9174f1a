//! Define, create and verify auth challenge: typed sessions (`null`, empty, known and unknown
//! names), `answerCorrect: null`, decisions written back.

use cognito_triggers::Secret;
use cognito_triggers::create_auth_challenge::{self, Challenge, CreateChallengeRequest};
use cognito_triggers::define_auth_challenge::{
    self, ChallengeName, DefineAuthChallengeEvent, DefineChallengeRequest, NextStep,
};
use cognito_triggers::lifecycle::Event;
use cognito_triggers::testing;
use cognito_triggers::verify_auth_challenge::{
    self, Verdict, VerifyAuthChallengeEvent, VerifyChallengeRequest,
};

use crate::support::event;

/// A one-code passwordless flow: a custom challenge first, tokens after one right answer,
/// failure after three wrong ones.
fn one_code_flow(request: &DefineChallengeRequest) -> NextStep {
    let session = request.session();
    match session.last() {
        _ if request.user_not_found() => NextStep::FailAuthentication,
        None => NextStep::Challenge(ChallengeName::CustomChallenge),
        Some(last) if last.name == ChallengeName::CustomChallenge && last.succeeded => {
            NextStep::IssueTokens
        }
        Some(_) if session.len() < 3 => NextStep::Challenge(ChallengeName::CustomChallenge),
        Some(_) => NextStep::FailAuthentication,
    }
}

#[tokio::test]
async fn the_session_is_typed_whatever_its_shape() {
    let hook = define_auth_challenge::from_fn(|request: DefineChallengeRequest| async move {
        Ok(one_code_flow(&request))
    });
    let cases: Vec<(DefineAuthChallengeEvent, NextStep)> = vec![
        (
            event("variants/defineauthchallenge-session-null.json"),
            NextStep::Challenge(ChallengeName::CustomChallenge),
        ),
        (
            event("variants/defineauthchallenge-session-empty-response-absent.json"),
            NextStep::Challenge(ChallengeName::CustomChallenge),
        ),
        (
            DefineChallengeRequest::builder()
                .session(&[("CUSTOM_CHALLENGE", true)])
                .event(),
            NextStep::IssueTokens,
        ),
        (
            DefineChallengeRequest::builder()
                .session(&[("CUSTOM_CHALLENGE", false); 3])
                .event(),
            NextStep::FailAuthentication,
        ),
        (
            DefineChallengeRequest::builder()
                .session(&[("CUSTOM_CHALLENGE", true)])
                .request_member("userNotFound", true)
                .event(),
            NextStep::FailAuthentication,
        ),
    ];
    for (event, expected) in cases {
        let returned = testing::call(&hook, event).await.expect("decided");
        assert_eq!(testing::decision(&returned), expected);
    }
}

#[test]
fn srp_password_verifier_and_unknown_names_are_read() {
    let event: DefineAuthChallengeEvent =
        event("variants/defineauthchallenge-srp-password-unknown.json");
    let session = event.request().session().to_vec();
    let names: Vec<&ChallengeName> = session.iter().map(|step| &step.name).collect();
    assert_eq!(
        names,
        [
            &ChallengeName::SrpA,
            &ChallengeName::PasswordVerifier,
            &ChallengeName::Other("PASSKEY_SOMETHING_NEW".to_owned())
        ]
    );
    assert!(session[0].succeeded && session[0].metadata.is_none());
    assert_eq!(
        serde_json::to_value(&event).expect("json"),
        crate::support::json("variants/defineauthchallenge-srp-password-unknown.json")
    );
}

#[tokio::test]
async fn define_writes_the_three_members() {
    let hook = define_auth_challenge::from_fn(|_request: DefineChallengeRequest| async move {
        Ok(NextStep::Challenge(ChallengeName::CustomChallenge))
    });
    let returned = testing::call(&hook, DefineChallengeRequest::builder().event())
        .await
        .expect("ok");
    let json = serde_json::to_value(&returned).expect("json");
    assert_eq!(json["response"]["challengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(json["response"]["issueTokens"], false);
    assert_eq!(json["response"]["failAuthentication"], false);
    // Nobody decided: the flow fails rather than issuing tokens.
    let returned = testing::call(
        &cognito_triggers::CognitoDefault,
        DefineChallengeRequest::builder().event(),
    )
    .await
    .expect("ok");
    assert_eq!(testing::decision(&returned), NextStep::FailAuthentication);
}

#[tokio::test]
async fn create_writes_public_and_private_parameters() {
    let hook = create_auth_challenge::from_fn(|request: CreateChallengeRequest| async move {
        assert_eq!(request.challenge_name(), &ChallengeName::CustomChallenge);
        assert!(request.session().is_empty());
        Ok(Challenge::default()
            .public("delivery", "EMAIL")
            .private("code", Secret::new("739105"))
            .metadata("EMAIL_CODE"))
    });
    let returned = testing::call(&hook, CreateChallengeRequest::builder().event())
        .await
        .expect("ok");
    let json = serde_json::to_value(&returned).expect("json");
    assert_eq!(
        json["response"]["publicChallengeParameters"]["delivery"],
        "EMAIL"
    );
    assert_eq!(
        json["response"]["privateChallengeParameters"]["code"],
        "739105"
    );
    assert_eq!(json["response"]["challengeMetadata"], "EMAIL_CODE");
    assert!(json["response"].get("challengeMetaData").is_none());
    assert_eq!(
        testing::decision(&returned).metadata.as_deref(),
        Some("EMAIL_CODE")
    );
}

#[tokio::test]
async fn verify_compares_the_answer_and_accepts_a_null_answer_correct() {
    let hook = verify_auth_challenge::from_fn(|request: VerifyChallengeRequest| async move {
        Ok(Verdict::from(request.answer_matches("code")))
    });
    let right = VerifyChallengeRequest::builder();
    assert_eq!(
        right
            .event()
            .response
            .as_option()
            .map(|r| r.answer_correct.is_absent()),
        Some(false)
    );
    let returned = testing::call(&hook, right.event()).await.expect("ok");
    assert_eq!(testing::decision(&returned), Verdict::Correct);
    for wrong in [
        VerifyChallengeRequest::builder().answer("482914").event(),
        VerifyChallengeRequest::builder().answer("48291").event(),
        VerifyChallengeRequest::builder()
            .private_parameter("code", "")
            .answer("")
            .event(),
        event::<VerifyAuthChallengeEvent>("variants/verifyauthchallenge-nulls.json"),
    ] {
        let returned = testing::call(&hook, wrong).await.expect("ok");
        assert_eq!(testing::decision(&returned), Verdict::Wrong);
        assert_eq!(
            serde_json::to_value(&returned).expect("json")["response"]["answerCorrect"],
            false
        );
    }
}

/// The sample event keeps the expected answer where the module docs and the create auth
/// challenge example put it (private parameter `code`), so the documented hook accepts it.
#[tokio::test]
async fn the_sample_verifies_with_the_documented_hook() {
    let hook = verify_auth_challenge::from_fn(|request: VerifyChallengeRequest| async move {
        Ok(Verdict::from(request.answer_matches("code")))
    });
    let sample: VerifyAuthChallengeEvent = event("VerifyAuthChallengeResponse_Authentication.json");
    let returned = testing::call(&hook, sample).await.expect("ok");
    assert_eq!(testing::decision(&returned), Verdict::Correct);
}

/// Real payloads `aws_lambda_events` fails on and this crate reads, for every trigger it has a
/// type for; and its empty group override.
#[test]
fn aws_lambda_events_conversions_and_where_theirs_fail() {
    use aws_lambda_events::event::cognito::{
        CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsPostAuthentication,
        CognitoEventUserPoolsPostConfirmation, CognitoEventUserPoolsPreAuthentication,
        CognitoEventUserPoolsPreTokenGen, CognitoEventUserPoolsPreTokenGenV2,
        CognitoEventUserPoolsVerifyAuthChallenge,
    };
    use cognito_triggers::post_authentication::PostAuthenticationEvent;
    use cognito_triggers::post_confirmation::PostConfirmationEvent;
    use cognito_triggers::pre_authentication::PreAuthenticationEvent;
    use cognito_triggers::pre_token_generation::{PreTokenGenerationEvent, TokenDecision};

    // Regular events convert both ways.
    let ours: PostConfirmationEvent = event("PostConfirmation_ConfirmForgotPassword.json");
    let theirs = CognitoEventUserPoolsPostConfirmation::try_from(&ours).expect("converts");
    assert!(PostConfirmationEvent::try_from(theirs).is_ok());
    let ours: PreAuthenticationEvent = event("PreAuthentication_Authentication.json");
    assert!(CognitoEventUserPoolsPreAuthentication::try_from(&ours).is_ok());
    let ours: PreTokenGenerationEvent = event("variants/tokengeneration-v1.json");
    let theirs = CognitoEventUserPoolsPreTokenGen::try_from(&ours).expect("converts");
    assert!(PreTokenGenerationEvent::try_from(theirs).is_ok());
    let ours: VerifyAuthChallengeEvent = event("VerifyAuthChallengeResponse_Authentication.json");
    assert!(CognitoEventUserPoolsVerifyAuthChallenge::try_from(&ours).is_ok());

    // Real shapes theirs refuses and ours reads.
    let bytes = crate::support::event_bytes;
    let ours: PostConfirmationEvent = event("variants/postconfirmation-boolean-attributes.json");
    assert!(CognitoEventUserPoolsPostConfirmation::try_from(&ours).is_err());
    let ours: PostAuthenticationEvent =
        event("variants/postauthentication-new-device-used-absent.json");
    assert!(CognitoEventUserPoolsPostAuthentication::try_from(&ours).is_err());
    for name in [
        "variants/tokengeneration-v2-scopes-absent-boolean-attributes.json",
        "TokenGeneration_ClientCredentials.json",
        "variants/tokengeneration-v2-documented-sample-preferred-role-array.json",
    ] {
        let ours: PreTokenGenerationEvent = event(name);
        assert!(
            CognitoEventUserPoolsPreTokenGenV2::try_from(&ours).is_err(),
            "{name}"
        );
        assert!(
            serde_json::from_slice::<CognitoEventUserPoolsPreTokenGenV2>(&bytes(name)).is_err()
        );
    }
    let ours: DefineAuthChallengeEvent = event("variants/defineauthchallenge-session-null.json");
    assert!(CognitoEventUserPoolsDefineAuthChallenge::try_from(&ours).is_err());

    // A claims-only decision: ours writes no group override; theirs cannot even read that
    // response back, and writes an empty override (which strips the user's groups).
    let mut ours: PreTokenGenerationEvent = event("TokenGeneration_Authentication.json");
    cognito_triggers::lifecycle::Decision::write_to(
        TokenDecision::keep().id_claim("tenant", "acme"),
        &mut ours,
    );
    let written = serde_json::to_value(&ours).expect("json");
    assert!(
        written["response"]["claimsAndScopeOverrideDetails"]
            .get("groupOverrideDetails")
            .is_none()
    );
    assert!(CognitoEventUserPoolsPreTokenGenV2::try_from(&ours).is_err());
    let mut theirs: CognitoEventUserPoolsPreTokenGenV2 =
        serde_json::from_slice(&bytes("TokenGeneration_Authentication.json")).expect("parses");
    let mut id_token = aws_lambda_events::event::cognito::CognitoIdTokenGenerationV2::default();
    id_token
        .claims_to_add_or_override
        .insert("tenant".to_owned(), "acme".into());
    let mut details = aws_lambda_events::event::cognito::ClaimsAndScopeOverrideDetailsV2::default();
    details.id_token_generation = Some(id_token);
    theirs.response.claims_and_scope_override_details = Some(details);
    let theirs = serde_json::to_value(&theirs).expect("json");
    assert_eq!(
        theirs["response"]["claimsAndScopeOverrideDetails"]["groupOverrideDetails"]["groupsToOverride"],
        serde_json::json!([])
    );
}

/// A define auth challenge hook that issues tokens carelessly (a bug, or a hook fooled by a
/// crafted flow) fails the sign-in instead: no tokens without a passed last challenge, none for
/// a user that does not exist, no nameless challenge. Each case names its rule in the error.
#[tokio::test]
async fn tokens_are_never_issued_for_an_unearned_session() {
    let always_tokens = define_auth_challenge::from_fn(|_request: DefineChallengeRequest| async {
        Ok(NextStep::IssueTokens)
    });
    let unearned = [
        (
            DefineChallengeRequest::builder().session(&[]).event(),
            "tokens_with_empty_session",
        ),
        (
            DefineChallengeRequest::builder()
                .session(&[("CUSTOM_CHALLENGE", true), ("CUSTOM_CHALLENGE", false)])
                .event(),
            "tokens_after_failed_challenge",
        ),
        (
            DefineChallengeRequest::builder()
                .session(&[("CUSTOM_CHALLENGE", true)])
                .request_member("userNotFound", true)
                .event(),
            "tokens_for_unknown_user",
        ),
    ];
    for (event, rule) in unearned {
        let error = testing::call(&always_tokens, event)
            .await
            .expect_err("no tokens");
        assert_eq!(error.error_type(), "HookFailed", "{rule}");
        assert!(error.to_string().contains(rule), "{rule}: {error}");
        assert_eq!(
            error.cognito_error(),
            format!(
                "UserLambdaValidationException: DefineAuthChallenge failed with error {}.",
                cognito_triggers::GENERIC_USER_MESSAGE
            )
        );
    }
    let earned = DefineChallengeRequest::builder()
        .session(&[("CUSTOM_CHALLENGE", false), ("CUSTOM_CHALLENGE", true)])
        .event();
    let returned = testing::call(&always_tokens, earned).await.expect("tokens");
    assert_eq!(testing::decision(&returned), NextStep::IssueTokens);

    let nameless = define_auth_challenge::from_fn(|_request: DefineChallengeRequest| async {
        Ok(NextStep::Challenge(ChallengeName::Other(String::new())))
    });
    let error = testing::call(&nameless, DefineChallengeRequest::builder().event())
        .await
        .expect_err("no name");
    assert!(
        error.to_string().contains("empty_challenge_name"),
        "{error}"
    );
}
