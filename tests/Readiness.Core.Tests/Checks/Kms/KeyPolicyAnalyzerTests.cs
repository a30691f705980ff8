using Readiness.Core.Checks.Kms;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Kms;

public sealed class KeyPolicyAnalyzerTests
{
    // The shape of the AWS KMS documentation's example key policy for an asymmetric signing key: the account root
    // statement, key administrators, and key users.
    public const string DocumentedPolicy = """
        {
          "Version": "2012-10-17",
          "Id": "key-consolepolicy-3",
          "Statement": [
            { "Sid": "Enable IAM User Permissions", "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
            { "Sid": "Allow access for Key Administrators", "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::111122223333:role/KMSAdminRole" },
              "Action": [ "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
                          "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
                          "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion" ],
              "Resource": "*" },
            { "Sid": "Allow use of the key", "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::111122223333:role/diffver-signer" },
              "Action": [ "kms:DescribeKey", "kms:GetPublicKey", "kms:Sign", "kms:Verify" ], "Resource": "*" }
          ]
        }
        """;

    [Fact]
    public void The_documented_policy_has_no_problem_and_the_root_statement_is_explained()
    {
        var findings = KeyPolicyAnalyzer.Analyze(DocumentedPolicy);
        Assert.DoesNotContain(findings, f => f.Level == PolicyFindingLevel.Problem);
        var note = Assert.Single(findings);
        Assert.Contains("111122223333", note.Message);
        Assert.Contains("IAM policies", note.Message);
    }

    [Fact]
    public void A_wildcard_principal_without_condition_is_a_problem()
    {
        var policy = """{"Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":["kms:Sign","kms:Verify"],"Resource":"*"}]}""";
        var finding = Assert.Single(KeyPolicyAnalyzer.Analyze(policy));
        Assert.Equal(PolicyFindingLevel.Problem, finding.Level);
        Assert.Contains("any principal", finding.Message);
    }

    [Fact]
    public void A_wildcard_principal_pinned_by_a_condition_is_only_a_note()
    {
        var policy = """{"Statement":{"Sid":"Org","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Verify","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}}""";
        var finding = Assert.Single(KeyPolicyAnalyzer.Analyze(policy));
        Assert.Equal(PolicyFindingLevel.Note, finding.Level);
        Assert.Contains("kms:CallerAccount", finding.Message);
    }

    [Fact]
    public void Kms_star_for_a_signer_role_is_a_problem()
    {
        var policy = DocumentedPolicy.Replace("""[ "kms:DescribeKey", "kms:GetPublicKey", "kms:Sign", "kms:Verify" ]""", "\"kms:*\"");
        var problem = Assert.Single(KeyPolicyAnalyzer.Analyze(policy), f => f.Level == PolicyFindingLevel.Problem);
        Assert.Contains("role/diffver-signer kms:*", problem.Message.Replace("grants arn:aws:iam::111122223333:", ""));
    }

    [Fact]
    public void One_principal_using_and_administering_the_key_is_a_problem()
    {
        var policy = DocumentedPolicy.Replace("role/diffver-signer", "role/KMSAdminRole");
        var problem = Assert.Single(KeyPolicyAnalyzer.Analyze(policy), f => f.Level == PolicyFindingLevel.Problem);
        Assert.Contains("both uses the key", problem.Message);
        Assert.Contains("KMSAdminRole", problem.Message);
    }

    [Fact]
    public void Deny_statements_are_not_grants()
    {
        var policy = """{"Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}""";
        Assert.Empty(KeyPolicyAnalyzer.Analyze(policy));
    }

    [Fact]
    public void Malformed_policies_give_a_clear_error()
    {
        Assert.Contains("not JSON", Assert.Throws<InvalidDataException>(() => KeyPolicyAnalyzer.Analyze("{\"Statement\": [")).Message);
        Assert.Contains("no Statement", Assert.Throws<InvalidDataException>(() => KeyPolicyAnalyzer.Analyze("{}")).Message);
        // Valid JSON of the wrong shape (found by the property below): a number, an array, odd principals and conditions.
        foreach (var odd in new[] { "1", "[]", "\"x\"", """{"Statement":[{"Effect":"Allow","Principal":{"AWS":[1,"*"]},"Action":"kms:*","Condition":{"Bool":true}}]}""",
                     """{"Statement":[{"Effect":"Allow","Principal":{"AWS":7},"Action":"kms:Sign"}]}""" })
        {
            try { KeyPolicyAnalyzer.Analyze(odd); } catch (InvalidDataException) { }
        }
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
        {
            try { KeyPolicyAnalyzer.Analyze(text ?? ""); } catch (InvalidDataException) { }
            return true;
        }));
    }
}
