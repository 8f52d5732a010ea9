namespace Conlink.Docker.Tests;

/// <summary>The committed streams are exactly what <see cref="EventStreamRecipes"/> makes, so neither drifts.</summary>
public sealed class RecordedEventStreamFilesTests
{
    public static TheoryData<string> Streams() => new(RecordedEventStream.Names);

    [Theory]
    [MemberData(nameof(Streams))]
    public void The_committed_stream_files_are_what_the_recipes_make(string name)
    {
        var recording = EventStreamRecipes.All().Single(r => r.Name == name);
        var files = EventStreamRecipes.Files(recording);
        if (Environment.GetEnvironmentVariable("UPDATE_EVENT_STREAMS") == "1")
        {
            foreach (var (extension, bytes) in files)
                File.WriteAllBytes(Path.Combine(EventStreamRecipes.SourceFolder(), name + extension), bytes);
        }
        var committed = Environment.GetEnvironmentVariable("UPDATE_EVENT_STREAMS") == "1"
            ? EventStreamRecipes.SourceFolder()
            : RecordedEventStream.Folder;

        foreach (var (extension, bytes) in files)
        {
            var path = Path.Combine(committed, name + extension);
            Assert.True(File.Exists(path), $"{name}{extension} is missing: write it with UPDATE_EVENT_STREAMS=1 (see EventStreamRecipes)");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)),
                $"{name}{extension} differs from what its recipe makes: write it again with UPDATE_EVENT_STREAMS=1 (see EventStreamRecipes)");
        }
    }

    [Fact]
    public void Every_recipe_has_its_stream_listed() =>
        Assert.Equal(EventStreamRecipes.All().Select(r => r.Name), RecordedEventStream.Names);
}
