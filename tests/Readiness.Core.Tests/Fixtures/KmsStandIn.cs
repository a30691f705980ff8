using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// A STAND-IN for AWS KMS (no real KMS can run here): a Kestrel server on 127.0.0.1 speaking the KMS JSON 1.1
/// protocol for DescribeKey, GetPublicKey, Sign, Verify, GetKeyPolicy and GetKeyRotationStatus, with real ECDSA
/// and RSA keys, so the real AWSSDK client is exercised end to end.
/// </summary>
public sealed class KmsStandIn : IAsyncDisposable
{
    public sealed class Key
    {
        public required string Id { get; init; }
        public required AsymmetricAlgorithm Material { get; init; }
        public string KeySpec => Material is ECDsa ? "ECC_NIST_P256" : "RSA_2048";
        public string KeyUsage { get; set; } = "SIGN_VERIFY";
        public string KeyState { get; set; } = "Enabled";
        public bool Enabled => KeyState == "Enabled";
        public string Policy { get; set; } = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        public bool? RotationEnabled { get; set; }
        /// <summary>Test switch: return a signature that does not verify.</summary>
        public bool CorruptSignatures { get; set; }
        public string Arn => $"arn:aws:kms:us-east-1:111122223333:key/{Id}";
        public string[] SigningAlgorithms => Material is ECDsa ? new[] { "ECDSA_SHA_256" } : new[] { "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256" };
    }

    private readonly WebApplication _app;
    private readonly Dictionary<string, Key> _keys = new(StringComparer.Ordinal);

    private KmsStandIn(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }
    public List<string> Operations { get; } = new();

    public Key AddKey(string id, bool rsa = false)
    {
        var key = new Key { Id = id, Material = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256) };
        lock (_keys) _keys[id] = key;
        return key;
    }

    public IAmazonKeyManagementService CreateClient() =>
        new AmazonKeyManagementServiceClient(new BasicAWSCredentials("AKIDSTANDIN", "stand-in-secret"),
            new AmazonKeyManagementServiceConfig { ServiceURL = Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });

    public static async Task<KmsStandIn> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new KmsStandIn(app, $"http://127.0.0.1:{port}");
        app.MapPost("/", standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.Split('.').Last();
        lock (Operations) Operations.Add(operation);
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? new JsonObject();
        var keyId = body["KeyId"]?.GetValue<string>() ?? "";
        Key? key;
        lock (_keys) key = _keys.Values.FirstOrDefault(k => k.Id == keyId || k.Arn == keyId || "alias/" + k.Id == keyId);
        http.Response.ContentType = "application/x-amz-json-1.1";
        if (key is null) { await Error(http, "NotFoundException", $"Key '{keyId}' does not exist"); return; }

        JsonObject response;
        switch (operation)
        {
            case "DescribeKey":
                response = new JsonObject
                {
                    ["KeyMetadata"] = new JsonObject
                    {
                        ["KeyId"] = key.Id, ["Arn"] = key.Arn, ["AWSAccountId"] = "111122223333", ["Enabled"] = key.Enabled,
                        ["KeyState"] = key.KeyState, ["KeyUsage"] = key.KeyUsage, ["KeySpec"] = key.KeySpec,
                        ["CustomerMasterKeySpec"] = key.KeySpec, ["KeyManager"] = "CUSTOMER", ["Origin"] = "AWS_KMS",
                        ["SigningAlgorithms"] = new JsonArray(key.SigningAlgorithms.Select(a => (JsonNode)a).ToArray()),
                    },
                };
                break;
            case "GetPublicKey":
                response = new JsonObject
                {
                    ["KeyId"] = key.Arn, ["KeySpec"] = key.KeySpec, ["CustomerMasterKeySpec"] = key.KeySpec, ["KeyUsage"] = key.KeyUsage,
                    ["PublicKey"] = Convert.ToBase64String(key.Material is ECDsa ec ? ec.ExportSubjectPublicKeyInfo() : ((RSA)key.Material).ExportSubjectPublicKeyInfo()),
                    ["SigningAlgorithms"] = new JsonArray(key.SigningAlgorithms.Select(a => (JsonNode)a).ToArray()),
                };
                break;
            case "Sign":
            case "Verify":
                if (!key.Enabled) { await Error(http, "DisabledException", $"{key.Arn} is disabled."); return; }
                if (key.KeyUsage != "SIGN_VERIFY") { await Error(http, "InvalidKeyUsageException", $"{key.Arn} key usage is {key.KeyUsage}."); return; }
                var message = Convert.FromBase64String(body["Message"]?.GetValue<string>() ?? "");
                var isDigest = body["MessageType"]?.GetValue<string>() == "DIGEST";
                var digest = isDigest ? message : SHA256.HashData(message);
                var algorithm = body["SigningAlgorithm"]?.GetValue<string>() ?? "";
                if (!key.SigningAlgorithms.Contains(algorithm)) { await Error(http, "KMSInvalidSigningAlgorithmException", $"{algorithm} is not valid for {key.KeySpec}."); return; }
                var padding = algorithm.Contains("PSS") ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                if (operation == "Sign")
                {
                    var signature = key.Material is ECDsa e
                        ? e.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence)
                        : ((RSA)key.Material).SignHash(digest, HashAlgorithmName.SHA256, padding);
                    if (key.CorruptSignatures) signature[^1] ^= 0xFF;
                    response = new JsonObject { ["KeyId"] = key.Arn, ["Signature"] = Convert.ToBase64String(signature), ["SigningAlgorithm"] = algorithm };
                }
                else
                {
                    var signature = Convert.FromBase64String(body["Signature"]?.GetValue<string>() ?? "");
                    var valid = key.Material is ECDsa e
                        ? e.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence)
                        : ((RSA)key.Material).VerifyHash(digest, signature, HashAlgorithmName.SHA256, padding);
                    if (!valid) { await Error(http, "KMSInvalidSignatureException", "Signature is not valid."); return; }
                    response = new JsonObject { ["KeyId"] = key.Arn, ["SignatureValid"] = true, ["SigningAlgorithm"] = algorithm };
                }
                break;
            case "GetKeyPolicy":
                response = new JsonObject { ["Policy"] = key.Policy, ["PolicyName"] = "default" };
                break;
            case "GetKeyRotationStatus":
                if (key.RotationEnabled is null) { await Error(http, "UnsupportedOperationException", "Asymmetric keys do not support automatic rotation."); return; }
                response = new JsonObject { ["KeyRotationEnabled"] = key.RotationEnabled.Value, ["KeyId"] = key.Arn };
                break;
            default:
                await Error(http, "UnsupportedOperationException", $"The stand-in does not implement {operation}.");
                return;
        }
        await http.Response.WriteAsync(response.ToJsonString());
    }

    private static async Task Error(HttpContext http, string type, string message)
    {
        http.Response.StatusCode = 400;
        await http.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
