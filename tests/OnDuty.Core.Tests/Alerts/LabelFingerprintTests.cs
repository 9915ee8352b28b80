using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

public sealed class LabelFingerprintTests
{
    /// <summary>The vector of Prometheus' own test (common/model signature_test.go: 5799056148416392346).</summary>
    [Fact]
    public void Of_PrometheusTestVector_SameAsAlertmanager() =>
        Assert.Equal(5799056148416392346UL.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            LabelFingerprint.Of(new Dictionary<string, string> { ["name"] = "garland, briggs", ["fear"] = "love is not enough" }));

    [Fact]
    public void Of_LabelOrder_DoesNotMatter() =>
        Assert.Equal(
            LabelFingerprint.Of(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }),
            LabelFingerprint.Of(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));

    [Fact]
    public void Of_NameValueBoundary_IsPartOfTheHash() =>
        Assert.NotEqual(
            LabelFingerprint.Of(new Dictionary<string, string> { ["ab"] = "c" }),
            LabelFingerprint.Of(new Dictionary<string, string> { ["a"] = "bc" }));
}
