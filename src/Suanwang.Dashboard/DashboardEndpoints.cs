using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Suanwang.Dashboard;

/// <summary>
/// Serves the web dashboard from this assembly: the page, its script and style, and the map
/// outlines. The page holds no data: it asks the broker's public REST API for everything, with the
/// token the user signs in with, so a script can get whatever the dashboard shows.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard is served (ends with a slash).</summary>
    public const string BasePath = "/dashboard/";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    /// <summary>One embedded file, with its gzip form for clients that accept it.</summary>
    private sealed record Asset(byte[] Bytes, byte[]? Gzipped, string ContentType, string ETag);

    /// <summary>Maps <c>GET /dashboard/…</c> (and redirects <c>/</c> and <c>/dashboard</c> to it).</summary>
    public static IEndpointRouteBuilder MapSuanwangDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(BasePath)).ExcludeFromDescription();
        app.MapGet(BasePath + "{**path}", Serve).ExcludeFromDescription();
        return app;
    }

    /// <summary>The embedded files' paths (for tests and diagnostics).</summary>
    public static IReadOnlyCollection<string> Files => Assets.Value.Keys;

    private static IResult Serve(HttpContext http, string? path)
    {
        // Relative URLs in the page need the trailing slash: /dashboard → /dashboard/.
        if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/')) return Results.Redirect(BasePath);
        string name = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!Assets.Value.TryGetValue(name, out var asset)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        // The page must be re-checked each time (it names the current bundle); the rest may be cached briefly.
        headers.CacheControl = name == "index.html" ? "no-cache" : "public, max-age=300";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (name == "index.html")
        {
            // Only this origin's scripts, data and images: an injected tag could not load or run anything. Inline
            // styles are allowed because the charts' tooltips carry them.
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
                                            "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
        }
        if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(304);
        if (asset.Gzipped is { } gz && http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            headers.Vary = "Accept-Encoding";
            return Results.Bytes(gz, asset.ContentType);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        const string prefix = "wwwroot/";
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string name = resource[prefix.Length..].Replace('\\', '/');
            string type = ContentTypeOf(name);
            byte[]? gzipped = bytes.Length > 1024 && !type.StartsWith("image/", StringComparison.Ordinal) ? Gzip(bytes) : null;
            assets[name] = new Asset(bytes, gzipped, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
