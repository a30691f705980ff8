namespace Readiness.Sample;

/// <summary>/health: the service and its dependencies. Not ready: Redis is down, so the service reports degraded with 503.</summary>
public sealed class HealthEndpoint : ISampleEndpoint
{
    public string Path => "/health";
    public string Method => "GET";

    public SampleResponse Handle(SampleRequest request, bool ready)
    {
        var redis = ready ? "up" : "down";
        var status = ready ? "ok" : "degraded";
        var json = $$"""
            {"status":"{{status}}","version":"1.4.0","checks":[{"name":"postgres","status":"up","latencyMs":3},{"name":"redis","status":"{{redis}}","latencyMs":{{(ready ? 1 : 2000)}}},{"name":"kms","status":"up","latencyMs":12}]}
            """.Trim();
        return SampleResponse.Json(json, ready ? 200 : 503);
    }
}

/// <summary>/metrics: Prometheus text. Not ready: the webhook signature failure counter the alerts need is missing.</summary>
public sealed class MetricsEndpoint : ISampleEndpoint
{
    public string Path => "/metrics";
    public string Method => "GET";

    public SampleResponse Handle(SampleRequest request, bool ready)
    {
        var text = """
            # HELP diffver_http_requests_total HTTP requests by route and status code.
            # TYPE diffver_http_requests_total counter
            diffver_http_requests_total{route="/v1/diff",code="200"} 1027
            diffver_http_requests_total{route="/v1/diff",code="500"} 3
            # HELP diffver_http_request_duration_seconds Request latency.
            # TYPE diffver_http_request_duration_seconds histogram
            diffver_http_request_duration_seconds_bucket{le="0.1"} 950
            diffver_http_request_duration_seconds_bucket{le="0.5"} 1020
            diffver_http_request_duration_seconds_bucket{le="+Inf"} 1030
            diffver_http_request_duration_seconds_sum 61.2
            diffver_http_request_duration_seconds_count 1030
            # HELP diffver_db_pool_connections Open database connections.
            # TYPE diffver_db_pool_connections gauge
            diffver_db_pool_connections 8

            """;
        if (ready)
            text += """
                # HELP diffver_webhook_signature_failures_total Webhook deliveries rejected for a bad signature.
                # TYPE diffver_webhook_signature_failures_total counter
                diffver_webhook_signature_failures_total 0
                # HELP diffver_webhook_replays_rejected_total Webhook deliveries rejected as replays.
                # TYPE diffver_webhook_replays_rejected_total counter
                diffver_webhook_replays_rejected_total 0

                """;
        return new SampleResponse { Body = text.Replace("\r\n", "\n"), ContentType = "text/plain; version=0.0.4; charset=utf-8" };
    }
}

/// <summary>/: the home page with security headers. Not ready: only nosniff; clickjacking and CSP protections are absent.</summary>
public sealed class HomeEndpoint : ISampleEndpoint
{
    public string Path => "/";
    public string Method => "GET";

    public SampleResponse Handle(SampleRequest request, bool ready)
    {
        var response = new SampleResponse { Body = "<!DOCTYPE html><title>diffver</title><p>diffver sample service</p>", ContentType = "text/html; charset=utf-8" };
        response.Headers["X-Content-Type-Options"] = "nosniff";
        if (ready)
        {
            response.Headers["X-Frame-Options"] = "DENY";
            response.Headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
            response.Headers["X-XSS-Protection"] = "0";
        }
        return response;
    }
}
