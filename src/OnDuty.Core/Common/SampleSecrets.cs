namespace OnDuty.Core.Common;

/// <summary>
/// The secrets <c>local.settings.sample.json</c> ships so that <c>./run.sh</c> works out of the box. They are public (in
/// the repository), so outside the Development environment they are refused at start: an acknowledge link signed with
/// the sample key could be forged by anyone, and the sample master key opens the whole API.
/// </summary>
public static class SampleSecrets
{
    public const string AckTokenSecret = "bG9jYWwtZGV2LWFjay10b2tlbi1zZWNyZXQtbm90LWEtc2VjcmV0IQ==";

    public const string LocalHostMasterKey = "local-dev-master-key-not-a-secret";
}
