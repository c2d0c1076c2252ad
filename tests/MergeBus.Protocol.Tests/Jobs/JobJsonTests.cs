using System.Text.Json.Nodes;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Protocol.Tests.Jobs;

public class JobJsonTests
{
    // Spec §1's sample, with a real-looking key in place of the placeholder.
    private const string SpecSample =
        """{"id": "SESSION_20260213T032745.123", "manifest_path": "room/SESSION/manifest.json", "session_id": "SESSION", "encryption": {"mode": "aes_256", "master_key": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, "status": "pending", "retries": 0, "created_at": 1770953278790000000, "started_at": 0, "completed_at": 0, "error": "", "worker_id": ""}""";

    [Fact]
    public void The_spec_sample_survives_a_parse_and_serialize_round_trip()
    {
        var written = JobJson.Serialize(JobJson.Parse(SpecSample));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SpecSample), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Serialize_writes_snake_case_fields_in_spec_order()
    {
        var written = JobJson.Serialize(new MergeJob { Id = "j", ManifestPath = "r/s/manifest.json", SessionId = "s" });

        Assert.Equal(
            """{"id":"j","manifest_path":"r/s/manifest.json","session_id":"s","status":"pending","retries":0,"created_at":0,"started_at":0,"completed_at":0,"error":"","worker_id":""}""",
            written);
    }

    [Fact]
    public void Parse_reads_every_field_of_the_spec_sample()
    {
        var job = JobJson.Parse(SpecSample);

        Assert.Equal(("SESSION_20260213T032745.123", "room/SESSION/manifest.json", "SESSION", "aes_256", 1770953278790000000L),
            (job.Id, job.ManifestPath, job.SessionId, job.Encryption?.Mode, job.CreatedAt));
    }

    [Fact]
    public void A_job_without_an_id_is_named_after_its_session_and_creation_time()
    {
        var job = JobJson.Parse("""{"manifest_path": "r/S/manifest.json", "session_id": "S", "created_at": 1770953265123456789}""");

        Assert.Equal("S_20260213T032745.123", job.Id);
    }

    [Fact]
    public void A_job_without_an_id_or_creation_time_is_named_after_the_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 2, 13, 3, 27, 45, 678, TimeSpan.Zero));

        var job = JobJson.Parse("""{"manifest_path": "r/S/manifest.json", "session_id": "S"}""", clock);

        Assert.Equal("S_20260213T032745.678", job.Id);
    }

    [Fact]
    public void Malformed_json_is_rejected_as_not_valid_json()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => JobJson.Parse("{\"manifest_path\": "));

        Assert.StartsWith("job entry is not valid JSON: ", ex.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_rejected_naming_the_field()
    {
        var ex = Assert.Throws<PermanentMergeException>(() =>
            JobJson.Parse("""{"manifest_path": "m.json", "retries": "three"}"""));

        Assert.Contains("$.retries", ex.Message);
    }

    [Fact]
    public void A_job_without_manifest_path_is_rejected()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => JobJson.Parse("""{"id": "x", "session_id": "S"}"""));

        Assert.Equal("job entry has no manifest_path", ex.Message);
    }

    [Fact]
    public void A_rejected_job_entry_never_shows_its_master_key()
    {
        const string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var ex = Assert.Throws<PermanentMergeException>(() =>
            JobJson.Parse($$"""{"encryption": {"mode": "aes_256", "master_key": "{{key}}"}, "retries": "x"}"""));

        Assert.DoesNotContain(key[..8], ex.Message);
    }

    [Fact]
    public void A_malformed_job_entry_does_not_echo_the_characters_it_choked_on()
    {
        var ex = Assert.Throws<PermanentMergeException>(() =>
            JobJson.Parse("""{"encryption": {"mode": "aes_256", "master_key": nAECAwQF}}"""));

        Assert.DoesNotContain("nAEC", ex.Message);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
