using Readiness.Cli;

return await CliCommands.InvokeAsync(CliCommands.Root(args), args);
