using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Readiness.Core.Evidence;

/// <summary>
/// Builds a KMS client from the standard AWS configuration chain (environment, profile, instance role); region,
/// profile and endpoint can be overridden, the endpoint for VPC endpoints or a local stand-in.
/// </summary>
public static class KmsClientFactory
{
    public static IAmazonKeyManagementService Create(string? region = null, string? profile = null, string? endpointUrl = null, TimeSpan? timeout = null,
        AWSCredentials? credentials = null)
    {
        var config = new AmazonKeyManagementServiceConfig { Timeout = timeout ?? TimeSpan.FromSeconds(15), MaxErrorRetry = 1 };
        if (!string.IsNullOrEmpty(endpointUrl))
        {
            config.ServiceURL = endpointUrl;
            config.AuthenticationRegion = region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        }
        else if (!string.IsNullOrEmpty(region)) config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);

        if (credentials is not null) return new AmazonKeyManagementServiceClient(credentials, config);
        if (!string.IsNullOrEmpty(profile))
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetAWSCredentials(profile, out var profileCredentials))
                throw new ArgumentException($"AWS profile '{profile}' was not found in the shared credentials or config file.");
            return new AmazonKeyManagementServiceClient(profileCredentials, config);
        }
        return new AmazonKeyManagementServiceClient(config);
    }
}
