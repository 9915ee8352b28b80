using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OnDuty.Testing;

/// <summary>
/// A pipeline policy for a storage client (add it per retry): records every request it sends — the real number of
/// storage round trips an operation took — and fails the requests a test names with a status of its choosing, without
/// sending them, so a test can make storage fail at an exact step (e.g. the incident's create transaction after its
/// group was claimed) or contend for ever (412 on every counter update).
/// </summary>
public sealed class StorageTap : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private readonly ConcurrentDictionary<int, Fault> _faults = new();
    private int _nextFault;

    /// <summary>Every request sent (or failed here) so far, in order.</summary>
    public IReadOnlyList<StorageRequest> Requests => [.. _requests];

    /// <summary>What <paramref name="action"/> sent, and its result.</summary>
    public async Task<(T Result, IReadOnlyList<StorageRequest> Requests)> RecordAsync<T>(Func<Task<T>> action)
    {
        var before = _requests.Count;
        var result = await action();
        return (result, [.. _requests.Skip(before)]);
    }

    /// <summary>
    /// Answers the requests matching <paramref name="when"/> with <paramref name="status"/> instead of sending them, at most
    /// <paramref name="times"/> times; dispose the result to stop.
    /// </summary>
    public IDisposable Fail(Func<StorageRequest, bool> when, int status, int times = int.MaxValue)
    {
        var id = Interlocked.Increment(ref _nextFault);
        _faults[id] = new Fault(when, status, times);
        return new Removal(() => _faults.TryRemove(id, out _));
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Intercept(message))
        {
            ProcessNext(message, pipeline);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Intercept(message))
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }

    private bool Intercept(HttpMessage message)
    {
        var request = new StorageRequest(message.Request.Method.Method, Uri.UnescapeDataString(message.Request.Uri.Path), BodyOf(message.Request), Uri.UnescapeDataString(message.Request.Uri.Query));
        _requests.Enqueue(request);
        foreach (var fault in _faults.Values)
        {
            if (fault.When(request) && Interlocked.Decrement(ref fault.Remaining) >= 0)
            {
                message.Response = new FaultResponse(fault.Status, message.Request.ClientRequestId);
                return true;
            }
        }

        return false;
    }

    private static string BodyOf(Request request)
    {
        if (request.Content is null)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        request.Content.WriteTo(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed class Fault(Func<StorageRequest, bool> when, int status, int times)
    {
        public int Remaining = times;

        public Func<StorageRequest, bool> When { get; } = when;

        public int Status { get; } = status;
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>What storage answers to a failed request: the status and a Table Storage error body.</summary>
    private sealed class FaultResponse : Response
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json;odata=minimalmetadata" };

        public FaultResponse(int status, string clientRequestId)
        {
            Status = status;
            ClientRequestId = clientRequestId;
            var code = status switch { 409 => "EntityAlreadyExists", 412 => "UpdateConditionNotSatisfied", 503 => "ServerBusy", _ => "InternalError" };
            ContentStream = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"odata.error\":{{\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"Injected by a test.\"}}}}}}"));
        }

        public override int Status { get; }

        public override string ReasonPhrase => "Injected";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; }

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}

/// <summary>One storage request: method, unescaped path (<c>/devstoreaccount1/Incidents(PartitionKey='…',RowKey='…')</c>, <c>…/$batch</c>) and body.</summary>
/// <param name="Query">The query string, unescaped (a query's <c>$filter</c>, e.g.); empty when it has none.</param>
public sealed record StorageRequest(string Method, string Path, string Body, string Query = "")
{
    /// <summary>Whether the request is addressed to the table named <paramref name="table"/> (ignoring a prefix) or is a batch mentioning it.</summary>
    public bool Targets(string table) => Path.Contains(table + "(", StringComparison.Ordinal) || Path.EndsWith(table, StringComparison.Ordinal)
        || (Path.EndsWith("$batch", StringComparison.Ordinal) && Body.Contains(table + "(", StringComparison.Ordinal));

    public bool IsBatch => Path.EndsWith("$batch", StringComparison.Ordinal);

    /// <summary>How many operations a batch holds (each part has its own request line).</summary>
    public int Operations => IsBatch ? Body.Split(" HTTP/1.1", StringSplitOptions.None).Length - 1 : 1;

    public override string ToString() => $"{Method} {Path}{(IsBatch ? $" [{Operations} ops]" : "")}";
}
