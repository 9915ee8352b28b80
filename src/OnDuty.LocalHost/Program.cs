using OnDuty.Core.Common;
using OnDuty.LocalHost;

try
{
    LocalHostApp.Build(args).Run();
    return 0;
}
catch (SettingsFormatException error)
{
    // The settings to fix, one a line, in the admin's words: a stack trace would only bury them.
    Console.Error.WriteLine(error.Message);
    return 1;
}
