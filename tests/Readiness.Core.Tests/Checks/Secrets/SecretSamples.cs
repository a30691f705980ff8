using static Readiness.Core.Tests.Checks.Secrets.FakeSecrets;

namespace Readiness.Core.Tests.Checks.Secrets;

/// <summary>
/// The secret detectors' accuracy suite, shared by SecretRulesTests and the accuracy-secrets benchmark (which links
/// this file): per rule a line it must find and a near miss it must not, and near misses no rule may report. Every
/// sample is assembled at run time from parts, so the repository holds nothing a scanner would take for a secret.
/// </summary>
internal static class SecretSamples
{
    public sealed class Suite : List<(string Rule, string Found, string NearMiss)>
    {
        public void Add(string rule, string found, string nearMiss) => Add((rule, found, nearMiss));
    }

    /// <summary>Per rule: a line it must find, and a near miss (too short, placeholder, reference) it must not.</summary>
    public static Suite Examples()
    {
        var uuid = $"{Hex(8, 11)}-{Hex(4, 12)}-{Hex(4, 13)}-{Hex(4, 14)}-{Hex(12, 15)}";
        var b64 = Of(Alnum + "+/", 40, 21);
        var url = Of(Alnum + "-_", 70, 22);
        return new Suite
        {
            { "aws-access-key-id", "aws_access_key_id = " + AwsKeyId, "key = AKIA" + "iosfodnn7example" },
            { "aws-secret-access-key", "aws_secret_access_key = " + b64, "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}" },
            { "google-api-key", "GOOGLE_KEY=AI" + "za" + Of(Alnum + "-_", 35, 23), "AI" + "za" + A(12) },
            { "google-oauth-client-secret", "client: GOC" + "SPX-" + Of(Alnum + "-_", 28, 24), "GOC" + "SPX-<your-client-secret>" },
            { "google-oauth-access-token", "Authorization: Bearer ya" + "29." + Of(Alnum + "-_", 60, 25), "ya" + "29.short" },
            { "azure-storage-account-key", "DefaultEndpointsProtocol=https;AccountName=a;Account" + "Key=" + Of(Alnum + "+/", 86, 26) + "==", "Account" + "Key=<your-key>" },
            { "azure-sas-token", "https://a.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sig=" + Of(Alnum + "%", 44, 27), "?sv=2022-11-02&sig=short" },
            { "azure-ad-client-secret", "AZURE_CLIENT_SECRET=" + A(3, 28) + "8Q~" + Of(Alnum + "_~.-", 34, 29), "value: abc8Q~short" },
            { "digitalocean-token", "DO_TOKEN=do" + "p_v1_" + Hex(64, 30), "do" + "p_v1_" + Hex(10, 30) },
            { "heroku-api-key", "HEROKU_API_KEY=" + uuid, "HEROKU_APP=my-app" },
            { "hashicorp-vault-token", "VAULT_TOKEN=hv" + "s." + A(90, 31), "hv" + "s.short" },
            { "hashicorp-vault-legacy-token", "VAULT_TOKEN=s" + "." + A(24, 90), "value = self.s" + "." + "readTheConfigurationFile" },
            { "heroku-api-key-v2", "HEROKU_API_KEY=HR" + "KU-AA" + Of(Alnum + "_-", 58, 91), "HR" + "KU-AA" + Of(Alnum, 40, 91) },
            { "aws-bedrock-api-key", "AWS_BEARER_TOKEN_BEDROCK=AB" + "SK" + Of(Alnum + "+/", 132, 92), "AB" + "SK" + Of(Alnum, 60, 92) },
            { "gcp-service-account-key", "  \"private_key\": \"-----BEGIN " + "PRIVATE KEY-----\\n" + Of(Alnum + "+/", 64, 93) + "\\n",
                "  \"private_key\": \"-----BEGIN " + "PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n\"" },
            { "github-pat", "token: " + GitHubToken(), "gh" + "p_" + A(10) },
            { "github-oauth-token", "gh" + "o_" + A(36, 32), "gh" + "o_" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
            { "github-user-to-server-token", "gh" + "u_" + A(36, 33), "gh" + "u_" + A(20, 33) },
            { "github-server-to-server-token", "gh" + "s_" + A(36, 34), "gh" + "s_" + A(35, 34) + "-" },
            { "github-refresh-token", "gh" + "r_" + A(76, 35), "gh" + "r_" + A(12, 35) },
            { "github-fine-grained-pat", "github" + "_pat_" + Of(Alnum + "_", 82, 36), "github" + "_pat_" + A(22, 36) },
            { "gitlab-pat", "GITLAB_TOKEN=gl" + "pat-" + Of(Alnum + "-_", 20, 37), "gl" + "pat-xxxxxxxxxxxxxxxxxxxx" },
            { "gitlab-pipeline-trigger-token", "gl" + "ptt-" + Hex(40, 38), "gl" + "ptt-" + Hex(12, 38) },
            { "gitlab-runner-token", "gl" + "rt-" + A(20, 39), "gl" + "rt-" + A(8, 39) },
            { "gitlab-deploy-token", "gl" + "dt-" + A(20, 40), "gl" + "dt-" + A(8, 40) },
            { "npm-token", "//registry.npmjs.org/:_authToken=np" + "m_" + A(36, 41), "np" + "m_" + A(5, 41) },
            { "pypi-token", "password = pyp" + "i-AgEIcHlwaS5vcmc" + Of(Alnum + "-_", 70, 42), "pyp" + "i-" + A(20, 42) },
            { "nuget-api-key", "nuget push -k oy" + "2" + Of(Lower + Digits, 43, 43), "oy" + "2" + Of(Lower + Digits, 20, 43) },
            { "docker-hub-pat", "dck" + "r_pat_" + Of(Alnum + "-_", 27, 44), "dck" + "r_pat_" + A(9, 44) },
            { "slack-bot-token", "SLACK_BOT_TOKEN=xo" + "xb-" + D(11, 45) + "-" + D(12, 46) + "-" + A(24, 47), "xo" + "xb-123-456" },
            { "slack-user-token", "xo" + "xp-" + D(11, 48) + "-" + D(11, 49) + "-" + D(12, 50) + "-" + Hex(32, 51), "xo" + "xp-" + D(11, 48) },
            { "slack-app-token", "xa" + "pp-1-A" + Of(Upper + Digits, 10, 52) + "-" + D(13, 53) + "-" + Hex(64, 54), "xa" + "pp-1-short" },
            { "slack-workspace-token", "SLACK_TOKEN=xo" + "xa-2-" + D(12, 94) + "-" + D(12, 95) + "-" + D(12, 96) + "-" + Hex(64, 97), "xo" + "xa-2-" + D(12, 94) + "-short" },
            { "discord-client-secret", "DISCORD_CLIENT_SECRET=" + Of(Alnum + "_-", 32, 98), "DISCORD_CLIENT_SECRET=" + Of(Alnum, 31, 98) },
            { "discord-client-id", "discord_client_id: " + D(18, 99), "discord_client_id: " + D(12, 99) },
            { "slack-webhook-url", "https://hooks.slack" + ".com/services/T" + Of(Upper + Digits, 10, 55) + "/B" + Of(Upper + Digits, 10, 56) + "/" + A(24, 57),
                "https://hooks.slack" + ".com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX" },
            { "discord-webhook-url", "https://discord" + ".com/api/webhooks/" + D(18, 58) + "/" + url[..68], "https://discord" + ".com/api/webhooks/123/abc" },
            { "telegram-bot-token", "bot " + D(10, 59) + ":A" + "A" + Of(Alnum + "-_", 33, 60), D(10, 59) + ":A" + "Ashort" },
            { "twilio-api-key", "TWILIO_API_KEY=S" + "K" + Hex(32, 61), "TWILIO_ACCOUNT=ACME" },
            { "sendgrid-api-key", "S" + "G." + A(22, 62) + "." + Of(Alnum + "-_", 43, 63), "S" + "G.short.short" },
            { "mailgun-api-key", "MAILGUN=ke" + "y-" + Hex(32, 64), "ke" + "y-" + new string('0', 32) },
            { "stripe-secret-key", "STRIPE_KEY=" + StripeLive(), "s" + "k_live_xxxxxxxxxxxxxxxxxxxxxxxx" },
            { "stripe-restricted-key", "r" + "k_live_" + A(30, 65), "r" + "k_live_" + A(10, 65) },
            { "stripe-test-secret-key", "s" + "k_test_" + A(30, 66), "s" + "k_test_<your-key>" },
            { "stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET=wh" + "sec_" + A(32, 67), "wh" + "sec_<your-webhook-secret>" },
            { "shopify-access-token", "sh" + "pat_" + Hex(32, 68), "sh" + "pat_" + Hex(16, 68) },
            { "shopify-shared-secret", "sh" + "pss_" + Hex(32, 69), "sh" + "pss_" + Hex(16, 69) },
            { "openai-api-key", "OPENAI_API_KEY=s" + "k-proj-" + A(24, 70) + "T3Blbk" + "FJ" + A(24, 71), "s" + "k-" + A(10, 70) },
            { "anthropic-api-key", "s" + "k-ant-api03-" + Of(Alnum + "-_", 93, 72), "s" + "k-ant-api03-short" },
            { "datadog-api-key", "DD_API_KEY=" + Hex(32, 73), "DD_API_KEY=<your-datadog-key>" },
            { "private-key", PemHeader + "\\n" + Of(Alnum + "+/", 64, 100), PemHeader + "\\n-----END RSA PRIVATE KEY-----" },
            { "openssh-private-key", "-----BEGIN " + "OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA" + Of(Alnum + "+/", 40, 101), "-----BEGIN " + "OPENSSH PRIVATE KEY-----\\n..." },
            { "pgp-private-key", "-----BEGIN " + "PGP PRIVATE KEY BLOCK-----\\nVersion: GnuPG v2", "-----BEGIN " + "PGP PUBLIC KEY BLOCK-----\\n" + Of(Alnum, 64, 102) },
            { "putty-private-key", "PuTTY-User-Key-" + "File-3: ssh-ed25519", "PuTTY-User-Key-" + "File-9: ssh-rsa" },
            { "jwt", "Authorization: Bearer ey" + "J" + Of(Alnum + "-_", 20, 74) + ".ey" + "J" + Of(Alnum + "-_", 40, 75) + "." + Of(Alnum + "-_", 43, 76), "ey" + "JhbGciOi.not-a-jwt" },
            { "database-url-password", "DATABASE_URL=postgres://app:" + A(16, 77) + "@db.internal:5432/app", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app" },
            { "connection-string-password", "\"Server=db;Database=app;User Id=app;Pass" + "word=" + A(16, 78) + ";\"", "Server=db;Password=changeme;" },
            { "url-basic-auth", "https://deploy:" + A(16, 79) + "@registry.internal.net/v2", "https://user:password@host.local" },
            { "generic-password", "db_password = \"" + A(14, 80) + "\"", "password = \"changeme\"" },
            { "generic-secret", "client_secret: " + A(32, 81), "client_secret: <your-client-secret>" },
            { "generic-token", "api_key = " + A(32, 82), "api_key = os.environ[\"API_KEY\"]" },
        };
    }

    /// <summary>Published examples, keys without a body, words after a key-like name, right prefix with wrong shape.</summary>
    public static List<string> NearMisses()
    {
        var pem = PemHeader;
        return new List<string>
        {
            "aws_access_key_id = " + AwsDocumentationKeyId,
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",
            "STRIPE_KEY=sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc",
            "key: \"" + pem + "\\n...\\n-----END RSA PRIVATE KEY-----\"",
            "key: \"" + pem + "\\n<your private key here>\"",
            "key: \"" + pem + "\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
            "api_key: bert-base-multilingual-cased-v2",
            "token_url: https://login.internal.net/oauth2/v2.0/authorize",
            "tokenizer_path: models/tokenizers/sentencepiece-unigram-32k",
            "access_key: MAX_RETRY_COUNT_FOR_UPLOADS_V2",
            "gh" + "p_" + A(37, 103),
            "gh" + "p_" + A(20, 104) + "-" + A(15, 105),
            "gl" + "pat-" + Of(Alnum + "-_", 26, 106),
            "gh" + "p_" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
            "gh" + "p_" + string.Concat(Enumerable.Repeat("ab12", 9)),
            "https://hooks.slack" + ".com/services/T" + Of(Upper + Digits, 10, 107) + "/B" + Of(Upper + Digits, 10, 108) + "/" + A(30, 109),
            "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app",
            "HR" + "KU-" + Of(Alnum, 60, 110),
            "AB" + "SK" + new string('A', 120),
        };
    }

    /// <summary>More lines each rule must find: the variants the providers document or still issue.</summary>
    public static List<(string Rule, string Line)> MoreFound()
    {
        var body = Of(Alnum + "+/", 64, 120);
        return new List<(string, string)>
        {
            ("slack-webhook-url", "http://hooks.slack" + ".com/services/T" + Of(Upper + Digits, 10, 121) + "/B" + Of(Upper + Digits, 10, 122) + "/" + A(24, 123)),
            ("slack-webhook-url", "https://hooks.slack" + ".com/services/T" + Of(Upper + Digits, 8, 124) + "/B" + Of(Upper + Digits, 7, 125) + "/" + A(24, 126)),
            ("slack-webhook-url", "https://hooks.slack" + ".com/workflows/T" + Of(Upper + Digits, 10, 127) + "/A" + Of(Upper + Digits, 10, 128) + "/" + D(18, 129) + "/" + A(24, 130)),
            ("slack-workspace-token", "token: xo" + "xr-2-" + D(12, 131) + "-" + D(12, 132) + "-" + Hex(64, 133)),
            ("discord-client-secret", "discord.clientSecret = \"" + Of(Alnum + "_-", 32, 134) + "\""),
            ("discord-client-secret", "\"discord_secret\": \"" + Of(Alnum, 32, 135) + "\""),
            ("discord-client-id", "DISCORD_APP_ID=" + D(19, 136)),
            ("hashicorp-vault-legacy-token", "export VAULT_TOKEN=\"s" + "." + A(24, 137) + "\""),
            ("heroku-api-key-v2", "heroku: { key: HR" + "KU-AA" + Of(Alnum, 58, 138) + " }"),
            ("aws-bedrock-api-key", "AB" + "SK" + Of(Alnum + "+/", 180, 139) + "=="),
            ("gcp-service-account-key", "{\"type\": \"service_account\", \"project_id\": \"p\", \"private_key\": \"-----BEGIN " + "PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\\n\"}"),
            ("database-url-password", "DATABASE_URL=postgres://app:" + Of(Upper + Lower, 14, 140) + "@db.internal:5432/app"),
            ("database-url-password", "mysql://svc:" + A(18, 141) + "@mysql.prod:3306/orders"),
            ("private-key", "  key: \"" + "-----BEGIN " + "EC PRIVATE KEY-----\\n" + body + "\""),
        };
    }
}
