using OnDuty.Core.Common;
using OnDuty.LocalHost;

// A refused setting ends the start as its sentences alone, one a line, exit code 1; any other exception keeps its stack trace.
return await StartupRefusal.RunAsync(() => LocalHostApp.Build(args).RunAsync(), Console.Error);
