namespace Deepthought.Tests.Support;

/// <summary>One healthy <see cref="TestWorld"/> shared by the tests of a class that only read it (IClassFixture).</summary>
public sealed class HealthyWorld : IAsyncLifetime
{
    public TestWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await TestWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (World is not null)
        {
            await World.DisposeAsync();
        }
    }
}
