namespace Readiness.Core.Checks.Secrets;

/// <summary>
/// The shipped detectors. Patterns stay inside the subset that POSIX ERE also understands once <c>(?:</c>, <c>\d</c>
/// and <c>\w</c> are spelled out (no look-arounds, no back-references), so the benchmark can hand the same patterns to
/// <c>grep -E</c> and compare like with like. Every rule has true and false examples in SecretRulesTests.
/// </summary>
public static class SecretRules
{
    // The key headers group one word, (?:OPENSSH), so this file does not contain the header it detects.
    private const string B = @"(?:[^A-Za-z0-9_]|^)"; // a left word boundary that grep -E understands too
    private const string E = @"(?:[^A-Za-z0-9_]|$)";
    // For alphabets with '-': a longer run of the same alphabet is another token, not this one with a tail.
    private const string E2 = @"(?:[^A-Za-z0-9_-]|$)";
    private const string EB64 = @"(?:[^A-Za-z0-9+/=]|$)";
    // A key header right before a closing quote is a constant in a parser ("-----BEGIN ... KEY-----"), not a key; a
    // real key in a string continues with \n and its body.
    private const string NotQuoted = @"(?:[^'""]|$)";

    public static IReadOnlyList<SecretRule> All { get; } = new SecretRule[]
    {
        // Cloud providers
        new("aws-access-key-id", "AWS access key id", B + "((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})" + E, new[] { "akia", "asia", "abia", "acca" }),
        new("aws-secret-access-key", "AWS secret access key",
            @"aws[A-Za-z0-9_.-]{0,20}(?:secret|sk)[A-Za-z0-9_.-]{0,20}['""]?\s{0,5}[:=]{1,2}>?\s{0,5}['""]?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)",
            new[] { "aws" }, minEntropy: 3.5, ignoreCase: true),
        new("google-api-key", "Google API key", B + "(AIza[0-9A-Za-z_-]{35})" + E2, new[] { "aiza" }),
        new("google-oauth-client-secret", "Google OAuth client secret", B + "(GOCSPX-[A-Za-z0-9_-]{28})" + E2, new[] { "gocspx-" }),
        new("google-oauth-access-token", "Google OAuth access token", B + @"(ya29\.[0-9A-Za-z_-]{30,})", new[] { "ya29." }),
        new("azure-storage-account-key", "Azure storage account key", @"AccountKey=([A-Za-z0-9+/]{86}==)", new[] { "accountkey=" }),
        new("azure-sas-token", "Azure shared access signature", @"[?&]sv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\s'""]*sig=([A-Za-z0-9%+/]{30,})", new[] { "sig=" }),
        new("azure-ad-client-secret", "Azure AD client secret", B + @"([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})" + E2, new[] { "q~" }, minEntropy: 3.0),
        new("digitalocean-token", "DigitalOcean personal access token", B + "(do[opr]_v1_[a-f0-9]{64})" + E, new[] { "dop_v1_", "doo_v1_", "dor_v1_" }),
        new("heroku-api-key", "Heroku API key",
            @"heroku[A-Za-z0-9_. -]{0,30}['""]?\s{0,5}[:=]{1,2}\s{0,5}['""]?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
            new[] { "heroku" }, ignoreCase: true),
        new("hashicorp-vault-token", "HashiCorp Vault token", B + @"(hv[sbr]\.[A-Za-z0-9_-]{24,})", new[] { "hvs.", "hvb.", "hvr." }, minEntropy: 3.0),
        // Before Vault 1.10 a service token was "s." and 24 base62 characters; "s." is common, so the body must look random.
        new("hashicorp-vault-legacy-token", "HashiCorp Vault legacy service token", @"(?:[^A-Za-z0-9_./-]|^)(s\.[A-Za-z0-9]{24})(?:[^A-Za-z0-9_./-]|$)",
            new[] { "s." }, minEntropy: 3.5, minClasses: 3),
        new("heroku-api-key-v2", "Heroku API key", B + "(HRKU-AA[0-9A-Za-z_-]{58})" + E2, new[] { "hrku-" }),
        // A long-term Bedrock key is ABSK and the base64 of "BedrockAPIKey-<id>:<secret>".
        new("aws-bedrock-api-key", "Amazon Bedrock API key", B + "(ABSK[A-Za-z0-9+/]{109,269}={0,2})" + EB64, new[] { "absk" }, minEntropy: 4.0),
        // A service-account key file is JSON whose private_key holds the PEM key with \n escapes, on one line.
        new("gcp-service-account-key", "Google Cloud service account key", @"""private_key""\s{0,5}:\s{0,5}""(-----BEGIN (?:RSA )?PRIVATE KEY-----)",
            new[] { "\"private_key\"" }, keyHeader: true),

        // Source hosting and package registries
        new("github-pat", "GitHub personal access token", B + "(ghp_[A-Za-z0-9]{36})" + E, new[] { "ghp_" }),
        new("github-oauth-token", "GitHub OAuth access token", B + "(gho_[A-Za-z0-9]{36})" + E, new[] { "gho_" }),
        new("github-user-to-server-token", "GitHub App user-to-server token", B + "(ghu_[A-Za-z0-9]{36})" + E, new[] { "ghu_" }),
        new("github-server-to-server-token", "GitHub App installation token", B + "(ghs_[A-Za-z0-9]{36})" + E, new[] { "ghs_" }),
        new("github-refresh-token", "GitHub refresh token", B + "(ghr_[A-Za-z0-9]{36,76})" + E, new[] { "ghr_" }),
        new("github-fine-grained-pat", "GitHub fine-grained personal access token", B + "(github_pat_[A-Za-z0-9_]{82})" + E, new[] { "github_pat_" }),
        new("gitlab-pat", "GitLab personal access token", B + "(glpat-[A-Za-z0-9_-]{20})" + E2, new[] { "glpat-" }),
        new("gitlab-pipeline-trigger-token", "GitLab pipeline trigger token", B + "(glptt-[a-f0-9]{40})" + E, new[] { "glptt-" }),
        new("gitlab-runner-token", "GitLab runner authentication token", B + "(glrt-[A-Za-z0-9_-]{20})" + E2, new[] { "glrt-" }),
        new("gitlab-deploy-token", "GitLab deploy token", B + "(gldt-[A-Za-z0-9_-]{20})" + E2, new[] { "gldt-" }),
        new("npm-token", "npm access token", B + "(npm_[A-Za-z0-9]{36})" + E, new[] { "npm_" }),
        new("pypi-token", "PyPI upload token", B + "(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})", new[] { "pypi-ageichlwas5vcmc" }),
        new("nuget-api-key", "NuGet API key", B + "(oy2[a-z0-9]{43})" + E, new[] { "oy2" }, minEntropy: 3.0),
        new("docker-hub-pat", "Docker Hub personal access token", B + "(dckr_pat_[A-Za-z0-9_-]{27})" + E2, new[] { "dckr_pat_" }),

        // Messaging and webhooks
        new("slack-bot-token", "Slack bot token", B + "(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})" + E, new[] { "xoxb-" }),
        new("slack-user-token", "Slack user token", B + "(xox[pe]-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})" + E, new[] { "xoxp-", "xoxe-" }),
        new("slack-app-token", "Slack app-level token", B + "(xapp-1-[A-Z0-9]+-[0-9]+-[a-f0-9]{64})" + E, new[] { "xapp-" }),
        new("slack-workspace-token", "Slack legacy workspace token",
            B + "(xox[ar]-(?:[0-9]-)?[0-9]{9,13}(?:-[0-9]{9,13}){1,2}-[A-Za-z0-9]{24,64})" + E, new[] { "xoxa-", "xoxr-" }, minEntropy: 3.0),
        // Workspace (T) and bot (B) ids are a letter and 7 to 12 more characters; old hooks were also served over http.
        new("slack-webhook-url", "Slack incoming webhook URL", @"(https?://hooks\.slack\.com/(?:services/T[A-Z0-9]{7,12}/B[A-Z0-9]{7,12}|workflows/T[A-Z0-9]{7,12}/A[A-Z0-9]{7,12}/[0-9]{17,19})/[A-Za-z0-9]{24})" + E,
            new[] { "hooks.slack.com" }),
        new("discord-webhook-url", "Discord webhook URL", @"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,70})", new[] { "discord" }),
        new("discord-client-secret", "Discord client secret",
            @"discord[A-Za-z0-9_.-]{0,20}secret[A-Za-z0-9_.-]{0,10}['""]?\s{0,5}(?::|=|:=|=>)\s{0,5}['""]?([A-Za-z0-9_-]{32})" + E2,
            new[] { "discord" }, minEntropy: 3.0, ignoreCase: true),
        new("discord-client-id", "Discord client id",
            @"discord[A-Za-z0-9_.-]{0,20}(?:client|app|application)[_.-]?id['""]?\s{0,5}(?::|=|:=|=>)\s{0,5}['""]?([0-9]{17,20})(?:[^0-9]|$)",
            new[] { "discord" }, ignoreCase: true),
        new("telegram-bot-token", "Telegram bot token", B + "([0-9]{8,10}:AA[A-Za-z0-9_-]{33})" + E2, new[] { ":aa" }),
        new("twilio-api-key", "Twilio API key", @"twilio[A-Za-z0-9_. -]{0,30}['""]?\s{0,5}[:=]{1,2}\s{0,5}['""]?(SK[0-9a-fA-F]{32})" + E, new[] { "twilio" }, ignoreCase: true),
        new("sendgrid-api-key", "SendGrid API key", B + @"(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})" + E2, new[] { "sg." }),
        new("mailgun-api-key", "Mailgun API key", B + "(key-[0-9a-f]{32})" + E, new[] { "key-" }, minEntropy: 3.0),

        // Payments and SaaS APIs
        new("stripe-secret-key", "Stripe live secret key", B + "(sk_live_[A-Za-z0-9]{24,99})" + E, new[] { "sk_live_" }),
        new("stripe-restricted-key", "Stripe live restricted key", B + "(rk_live_[A-Za-z0-9]{24,99})" + E, new[] { "rk_live_" }),
        new("stripe-test-secret-key", "Stripe test secret key", B + "(sk_test_[A-Za-z0-9]{24,99})" + E, new[] { "sk_test_" }),
        new("stripe-webhook-secret", "Stripe webhook signing secret", B + "(whsec_[A-Za-z0-9+/=]{32,})", new[] { "whsec_" }, minEntropy: 3.0),
        new("shopify-access-token", "Shopify access token", B + "(shp(?:at|ca|pa)_[a-fA-F0-9]{32})" + E, new[] { "shpat_", "shpca_", "shppa_" }),
        new("shopify-shared-secret", "Shopify shared secret", B + "(shpss_[a-fA-F0-9]{32})" + E, new[] { "shpss_" }),
        new("openai-api-key", "OpenAI API key", B + "(sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})", new[] { "t3blbkfj" }),
        new("anthropic-api-key", "Anthropic API key", B + "(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,})", new[] { "sk-ant-" }),
        new("datadog-api-key", "Datadog API key", @"(?:datadog|dd)_?api_?key['""]?\s{0,5}[:=]{1,2}\s{0,5}['""]?([a-f0-9]{32})" + E, new[] { "datadog", "dd_api", "ddapi" }, minEntropy: 3.0, ignoreCase: true),

        // Keys and tokens by structure
        new("private-key", "PEM private key", "(-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----)" + NotQuoted, new[] { "private key-----" }, keyHeader: true),
        new("openssh-private-key", "OpenSSH private key", "(-----BEGIN (?:OPENSSH) PRIVATE KEY-----)" + NotQuoted, new[] { "openssh private key" }, keyHeader: true),
        new("pgp-private-key", "PGP private key block", "(-----BEGIN (?:PGP) PRIVATE KEY BLOCK-----)" + NotQuoted, new[] { "pgp private key" }, keyHeader: true),
        new("putty-private-key", "PuTTY private key", "(PuTTY-User-Key-File-[23]: [a-z0-9-]+)", new[] { "putty-user-key-file" }),
        new("jwt", "JSON Web Token", B + @"(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})", new[] { "eyj" }, minEntropy: 3.0),

        // Connection strings and URLs with credentials
        new("database-url-password", "Database URL with a password",
            @"(?:postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|amqp|amqps|mssql|sqlserver)://[^:/\s'""@]+:([^@/\s'""]{3,})@[^\s'""]+",
            new[] { "postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver" }, generic: true, urlCredential: true),
        new("connection-string-password", "Connection string with a password",
            @"(?:server|host|data source)=[^;'""]+;[^'""]{0,200}(?:password|pwd)=([^;'""\s]{4,})", new[] { "password=", "pwd=" }, generic: true, ignoreCase: true),
        new("url-basic-auth", "URL with embedded credentials", @"https?://[^:/\s'""@]+:([^@/\s'""]{6,})@[A-Za-z0-9.-]+", new[] { "http://", "https://" }, minEntropy: 2.5, generic: true, urlCredential: true),

        // Generic assignments: only long, random-looking values count
        new("generic-password", "Password assignment",
            @"(?:password|passwd|pwd)[A-Za-z0-9_.-]{0,20}['""]?\s{0,5}(?::|=|:=|=>)\s{0,5}['""]([^\s'""`]{8,})['""]",
            new[] { "password", "passwd", "pwd" }, minEntropy: 3.0, generic: true, ignoreCase: true, minLength: 8),
        new("generic-secret", "Secret assignment",
            @"(?:secret|client_secret|signing_key|private_key)[A-Za-z0-9_.-]{0,20}['""]?\s{0,5}(?::|=|:=|=>)\s{0,5}['""]?([^\s'""`;,]{16,})",
            new[] { "secret", "signing_key", "private_key" }, minEntropy: 3.5, generic: true, ignoreCase: true, minLength: 16),
        new("generic-token", "Token or API key assignment",
            @"(?:token|api_key|apikey|api-key|access_key|auth_key)[A-Za-z0-9_.-]{0,20}['""]?\s{0,5}(?::|=|:=|=>)\s{0,5}['""]?([^\s'""`;,]{20,})",
            new[] { "token", "api_key", "apikey", "api-key", "access_key", "auth_key" }, minEntropy: 3.5, generic: true, ignoreCase: true, minLength: 20),
    };

    public static SecretRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rule's pattern in POSIX ERE (GNU grep -E) form, for the benchmark's reference pipeline.</summary>
    public static string ToExtendedRegex(string pattern)
    {
        var sb = new System.Text.StringBuilder();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[++i];
                sb.Append((n, inClass) switch
                {
                    ('d', _) => inClass ? "0-9" : "[0-9]",
                    ('s', true) => " \t",
                    ('s', false) => "[[:space:]]",
                    ('w', true) => "A-Za-z0-9_",
                    ('w', false) => "[A-Za-z0-9_]",
                    (_, true) => n.ToString(),
                    _ => "\\" + n,
                });
                continue;
            }
            if (!inClass && c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == ':')
            {
                sb.Append('(');
                i += 2;
                continue;
            }
            if (c == '[' && !inClass) inClass = true;
            else if (c == ']' && inClass && sb.Length > 0 && sb[^1] != '[' && !(sb.Length > 1 && sb[^1] == '^' && sb[^2] == '[')) inClass = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
