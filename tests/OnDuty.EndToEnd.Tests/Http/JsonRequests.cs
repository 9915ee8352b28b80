using System.Text;
using Microsoft.AspNetCore.Http;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>Requests for the body readers, with no host: a JSON body with its length and media type.</summary>
internal static class JsonRequests
{
    public static HttpRequest Of(string json)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        return context.Request;
    }
}
