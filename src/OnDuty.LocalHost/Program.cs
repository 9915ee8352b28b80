using OnDuty.LocalHost;

LocalHostApp.Build(args).Run();
