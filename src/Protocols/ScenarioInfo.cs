namespace Deepthought.Protocols;

/// <summary>One fault the twin can inject, as the harness lists it (catalog, dry run): the contract between the twin's
/// scenario attributes and the harness, so the harness can describe scenarios without loading the twin's code paths.</summary>
public sealed record ScenarioInfo(string Name, string Description, string Component, bool NeedsRealBackend, string Profile = "");
