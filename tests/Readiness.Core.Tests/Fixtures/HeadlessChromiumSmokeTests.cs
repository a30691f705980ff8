namespace Readiness.Core.Tests.Fixtures;

public sealed class HeadlessChromiumSmokeTests
{
    [ChromiumFact]
    public async Task Chromium_opens_a_local_page_evaluates_and_clicks()
    {
        var dir = TempFolder.Create();
        try
        {
            var page = Path.Combine(dir, "page.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><body><h1 id=t>before</h1><button id=b style='margin:40px;padding:20px' onclick=\"document.getElementById('t').textContent='after'\">go</button></body></html>");
            await using var browser = await HeadlessChromium.StartAsync();
            await browser.OpenAsync(page);
            Assert.Equal("before", await browser.EvaluateAsync<string>("document.getElementById('t').textContent"));
            await browser.ClickAsync("#b");
            Assert.Equal("after", await browser.EvaluateAsync<string>("document.getElementById('t').textContent"));
        }
        finally { TempFolder.Delete(dir); }
    }
}
