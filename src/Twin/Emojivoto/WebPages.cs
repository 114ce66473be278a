using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Emojivoto;

/// <summary>emojivoto-web's routes: the index page (also at /leaderboard), its script, and the JSON API.</summary>
public static class WebPages
{
    /// <summary>The index page: emojivoto's single-page app shell (our own markup; the title is what users see).</summary>
    public const string IndexHtml = """
        <!DOCTYPE html>
        <html>
        <head>
          <meta charset="UTF-8">
          <title>Emoji Vote</title>
          <link rel="icon" href="/img/favicon.ico">
        </head>
        <body>
          <div class="main" id="main-content"><h1>Emoji Vote</h1><p>Pick the emoji you like best.</p></div>
          <script type="text/javascript" src="/js" async></script>
        </body>
        </html>
        """;

    /// <summary>A small script standing in for dist/index_bundle.js: lists the emojis and votes through the API.</summary>
    public const string Script = """
        fetch('/api/list').then(r => r.json()).then(list => {
          const main = document.getElementById('main-content');
          for (const e of list) {
            const b = document.createElement('button');
            b.textContent = e.unicode;
            b.onclick = () => fetch('/api/vote?choice=' + encodeURIComponent(e.shortcode));
            main.appendChild(b);
          }
        });
        """;

    public static void Map(WebApplication app, WebApi api)
    {
        app.Map("/api/list", api.ListAsync);
        app.Map("/api/vote", api.VoteAsync);
        app.Map("/api/leaderboard", api.LeaderboardAsync);
        app.Map("/js", ctx => Text(ctx, "application/javascript", Script));
        app.Map("/img/favicon.ico", ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        app.Map("/leaderboard", ctx => Text(ctx, "text/html; charset=utf-8", IndexHtml));
        app.MapFallback(ctx => Text(ctx, "text/html; charset=utf-8", IndexHtml)); // Go's "/" pattern catches every other path
    }

    private static Task Text(HttpContext ctx, string type, string body)
    {
        ctx.Response.ContentType = type;
        return ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }
}
