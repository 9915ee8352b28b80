namespace OnDuty.Core.Common;

/// <summary>Input that breaks a rule; maps to 400 with the offending fields named.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join(", ", errors.Keys))
    {
        Errors = errors;
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>A named thing does not exist; maps to 404.</summary>
public sealed class NotFoundException(string what, string id)
    // An id as long as a request line would fill the problem answer (and the log) with itself: it is shortened there.
    : Exception($"{what} '{(id.Length <= 100 ? id : id[..60] + "…")}' was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>Somebody else changed the data first (ETag mismatch or duplicate key); maps to 409/412.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);

/// <summary>
/// Parallel writers kept colliding (an ETag race, a hot row, a claim still being opened) and the retries did not get through:
/// nothing is refused and nothing was lost, so it maps to 503 with Retry-After — senders retry a 5xx, not a 409.
/// </summary>
public sealed class ContentionException(string message) : Exception(message);

/// <summary>Storage or a provider is not reachable; maps to 503 so the caller retries.</summary>
public sealed class DependencyUnavailableException(string dependency, Exception inner)
    : Exception($"{dependency} is not reachable: {inner.Message}", inner)
{
    public string Dependency { get; } = dependency;
}

/// <summary>Collects field errors and throws them together, so a caller sees every problem at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public ValidationErrors When(bool condition, string field, string message) =>
        condition ? Add(field, message) : this;

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
