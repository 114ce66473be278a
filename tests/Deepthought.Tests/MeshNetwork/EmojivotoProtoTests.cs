using Deepthought.Twin.Emojivoto;
using Google.Protobuf.Reflection;
using ChecksV1 = Deepthought.Protos.Emojivoto;
using TwinV1 = Deepthought.Protos.Emojivoto;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The twin's and the harness's copies of the emojivoto protos describe the same wire API as upstream.</summary>
public sealed class EmojivotoProtoTests
{
    [Fact]
    public void Protos_TwinAndHarnessCopies_DescribeTheSameWireApi()
    {
        Wire(TwinV1.VotingReflection.Descriptor).Should().Equal(Wire(ChecksV1.VotingReflection.Descriptor));
        Wire(TwinV1.EmojiReflection.Descriptor).Should().Equal(Wire(ChecksV1.EmojiReflection.Descriptor));
    }

    [Fact]
    public void Protos_Voting_HasAVoteRpcPerCatalogEmojiAndResults()
    {
        var service = TwinV1.VotingService.Descriptor;

        service.FullName.Should().Be("emojivoto.v1.VotingService");
        service.Methods.Select(m => m.Name).Should().BeEquivalentTo(EmojiCatalog.All.Select(e => e.VoteMethod).Append("Results"));
        VotingMethods.VoteFor(":dog:")!.FullName.Should().Be("/emojivoto.v1.VotingService/VoteDog");
        TwinV1.VotingResult.Descriptor.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}").Should().Equal("Shortcode=1", "Votes=2");
        TwinV1.FindByShortcodeResponse.Descriptor.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}").Should().Equal("Emoji=1");
    }

    private static List<string> Wire(FileDescriptor file) =>
        file.MessageTypes.Select(m => $"{m.FullName}({string.Join(",", m.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}:{f.FieldType}{(f.IsRepeated ? "[]" : "")}"))})")
            .Concat(file.Services.SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}({m.InputType.FullName})->{m.OutputType.FullName}")))
            .Prepend(file.Package)
            .ToList();
}
