global using Xunit;
global using Readiness;
