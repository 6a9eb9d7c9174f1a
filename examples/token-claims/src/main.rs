//! A pre token generation trigger (event versions 1, 2 and 3): the user's department and tenant
//! become claims, and the `admins` group stays in the tokens only for a verified email address.
use cognito_triggers::HookError;
use cognito_triggers::pre_token_generation::{
    self, PreTokenGeneration, TokenDecision, TokenRequest, TokenVersion,
};

struct ClaimsFromAttributes;

impl PreTokenGeneration for ClaimsFromAttributes {
    async fn pre_token_generation(
        &self,
        request: TokenRequest,
    ) -> Result<TokenDecision, HookError> {
        if request.is_machine_client() {
            return Ok(TokenDecision::keep()); // client credentials: no user, no attributes
        }
        let mut decision = TokenDecision::keep();
        for (attribute, claim) in [
            ("custom:department", "department"),
            ("custom:tenant", "tenant"),
        ] {
            let Some(value) = request.attribute(attribute) else {
                continue;
            };
            decision = decision.id_claim(claim, value.as_ref());
            if *request.version() != TokenVersion::V1 {
                decision = decision.access_claim(claim, value.as_ref());
            }
        }
        let groups = request.groups();
        if groups.groups.iter().any(|group| group == "admins")
            && !request.user_attributes().is_true("email_verified")
        {
            let mut kept = groups.clone();
            kept.groups.retain(|group| group != "admins");
            decision = decision.groups(kept);
        }
        Ok(decision)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cognito_triggers::Error> {
    pre_token_generation::run(ClaimsFromAttributes).await
}

#[cfg(test)]
mod tests {
    use cognito_triggers::pre_token_generation::{TokenRequest, TokenSource};
    use cognito_triggers::testing;

    use super::ClaimsFromAttributes;

    #[tokio::test]
    async fn claims_on_both_tokens_and_groups_untouched_for_a_verified_user() {
        let event =
            TokenRequest::builder(TokenSource::Authentication).attribute("custom:tenant", "acme");
        let decision = testing::decision(
            &testing::call(&ClaimsFromAttributes, event.event())
                .await
                .unwrap(),
        );
        assert_eq!(decision.id_token.add_or_override["department"], "sales");
        assert_eq!(decision.access_token.add_or_override["tenant"], "acme");
        assert_eq!(decision.group_override, None);
    }

    #[tokio::test]
    async fn version_1_gets_id_claims_and_an_unverified_admin_loses_the_group() {
        let event = TokenRequest::builder(TokenSource::HostedAuth)
            .version("1")
            .attribute("email_verified", "false")
            .groups(&["admins", "staff"]);
        let decision = testing::decision(
            &testing::call(&ClaimsFromAttributes, event.event())
                .await
                .unwrap(),
        );
        assert_eq!(decision.id_token.add_or_override["department"], "sales");
        assert!(decision.access_token.add_or_override.is_empty());
        assert_eq!(decision.group_override.unwrap().groups, ["staff"]);
    }

    #[tokio::test]
    async fn machine_clients_are_left_alone() {
        let event = TokenRequest::builder(TokenSource::ClientCredentials).event();
        let returned = testing::call(&ClaimsFromAttributes, event.clone())
            .await
            .unwrap();
        assert_eq!(returned, event);
    }
}
