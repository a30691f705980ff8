using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Readiness.Core.Checks.Webhook;

namespace Readiness.Benchmarks;

/// <summary>
/// Signing and verification rate per scheme (1 KiB and 64 KiB bodies), and the wall time of a full probe run
/// (8 deliveries) against a minimal GitHub receiver on 127.0.0.1 (HttpListener, HMAC + delivery-id dedup).
/// Usage: webhook [runs]
/// </summary>
public sealed class WebhookBenchmark : IBenchmark
{
    public string Name => "webhook";

    public async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20;
        var schemes = new[] { (WebhookScheme.GitHub, "gh-bench-secret-0123456789abcdef"), (WebhookScheme.StandardWebhooks, "whsec_" + Convert.ToBase64String(new byte[32])),
            (WebhookScheme.Stripe, "whsec_stripe-bench-secret") };
        Console.WriteLine("scheme      body     sign/s     verify/s");
        foreach (var size in new[] { 1024, 65536 })
        {
            var body = "{\"data\":\"" + new string('x', size - 11) + "\"}";
            foreach (var (scheme, secret) in schemes)
            {
                var key = WebhookSigner.KeyBytes(scheme, secret);
                var now = DateTimeOffset.UtcNow;
                var signed = WebhookSigner.Sign(scheme, key, body, "id-1", now, "ping");
                var bytes = Encoding.UTF8.GetBytes(body);
                var signRate = Rate(() => WebhookSigner.Sign(scheme, key, body, "id-1", now, "ping"));
                var verifyRate = Rate(() => Readiness.Sample.WebhookReceiverVerifier.Verify(scheme, key, h => signed.Headers.TryGetValue(h, out var v) ? v : null, bytes, now, TimeSpan.FromMinutes(5)));
                Console.WriteLine($"{scheme.Name,-10}  {size / 1024,3} KiB  {signRate,9:N0}  {verifyRate,11:N0}");
            }
        }

        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => Serve(listener, "gh-bench-secret-0123456789abcdef", stop.Token));
        var options = new WebhookProbeOptions { Uri = new Uri($"http://127.0.0.1:{port}/hook"), Scheme = WebhookScheme.GitHub, Secret = "gh-bench-secret-0123456789abcdef" };
        await new WebhookProber(options).RunAsync(CancellationToken.None);
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var results = await new WebhookProber(options).RunAsync(CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (results.Any(r => r.Status.IsProblem())) { Console.Error.WriteLine("probe run did not pass: " + string.Join("; ", results)); return 1; }
        }
        times.Sort();
        Console.WriteLine($"probe run against 127.0.0.1 (GitHub, 7 probes, 8 deliveries), {runs} runs: median {times[times.Count / 2]:0.0} ms, max {times[^1]:0.0} ms");
        stop.Cancel();
        listener.Stop();
        return 0;
    }

    private static double Rate(Action action)
    {
        for (var i = 0; i < 200; i++) action();
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 500) { action(); count++; }
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task Serve(HttpListener listener, string secret, CancellationToken ct)
    {
        var seen = new HashSet<string>();
        var key = Encoding.UTF8.GetBytes(secret);
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); } catch (Exception) { return; }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(key, buffer.ToArray())).ToLowerInvariant();
            var given = context.Request.Headers["X-Hub-Signature-256"];
            var id = context.Request.Headers["X-GitHub-Delivery"] ?? "";
            context.Response.StatusCode = given != expected ? 401 : !seen.Add(id) ? 409 : 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
