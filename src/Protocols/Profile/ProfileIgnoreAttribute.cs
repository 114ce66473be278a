namespace Deepthought.Protocols.Profile;

/// <summary>A property the loader sets itself, not read from YAML.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ProfileIgnoreAttribute : Attribute
{
}
