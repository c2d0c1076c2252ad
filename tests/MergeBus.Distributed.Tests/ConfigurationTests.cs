using System.Diagnostics;
using MergeBus.Configuration;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.Distributed.Tests;

/// <summary>The four configuration layers. No servers needed.</summary>
public sealed class ConfigurationTests
{
    private const string MasterKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 ASCII bytes

    private const string Yaml = """
        redis: {address: "redis:6379", password: "redis-pass", db: 2}
        storage:
          prefix: rec
          s3: {access_key: AK, secret: "s3-secret", region: eu-west-1, endpoint: "http://minio:9000", bucket: recordings, force_path_style: true}
        audio_recording_encryption: {mode: aes_256, master_key: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}
        api_key: ignored
        mergebus:
          rabbitmq: {host: rabbit, port: 5673, vhost: merge, username: mb, password: "rabbit-pass"}
          mixer: {concurrency: 3, prefetch: 4}
          queue: {visibility_timeout: 90s}
          saga_retention: 3d
        """;

    private static MergeBusSettings Load(string yaml, params (string, string)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Item1, e => e.Item2);
        variables["EGRESS_CONFIG_BODY"] = yaml;
        return MergeBusSettingsLoader.Load(variables);
    }

    private static string ErrorOf(string yaml, params (string, string)[] environment) =>
        Assert.Throws<ConfigurationException>(() => Load(yaml, environment)).Message;

    [Fact]
    public void The_egress_yaml_and_the_mergebus_section_become_typed_settings()
    {
        var settings = Load(Yaml, ("MERGE_WORKER_ID", "w1"), ("MERGE_TMP_DIR", "/scratch"));

        Assert.Equal(("redis:6379", 2), (settings.Redis.Address, settings.Redis.Db));
        Assert.Equal(("recordings", "rec", "http://minio:9000", true), (settings.Storage.Bucket, settings.Storage.Prefix, settings.Storage.S3!.Endpoint, settings.Storage.S3.ForcePathStyle));
        Assert.Equal(32, settings.WorkerMasterKey!.Length);
        Assert.Equal(("rabbit", (ushort)5673, "merge"), (settings.Bus.RabbitMq.Host, settings.Bus.RabbitMq.Port, settings.Bus.RabbitMq.VirtualHost));
        Assert.Equal((3, (int?)4), (settings.Mixer.ConcurrentJobs, settings.Mixer.PrefetchCount));
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Queue.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromDays(3), settings.SagaRetention);
        Assert.Equal(("w1", "/scratch"), (settings.Worker.WorkerId, settings.Worker.TempDirectory));
    }

    [Fact]
    public void Environment_variables_override_the_yaml()
    {
        var settings = Load(Yaml, ("MERGEBUS__RABBITMQ__HOST", "other-rabbit"), ("EGRESS__STORAGE__S3__BUCKET", "elsewhere"));

        Assert.Equal(("other-rabbit", "elsewhere"), (settings.Bus.RabbitMq.Host, settings.Storage.Bucket));
    }

    [Fact]
    public void Defaults_are_five_minutes_of_visibility_seven_days_of_saga_retention_and_one_mix_per_core()
    {
        var settings = Load("redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}");

        Assert.Equal(TimeSpan.FromMinutes(5), settings.Queue.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromDays(7), settings.SagaRetention);
        Assert.Equal(Environment.ProcessorCount, settings.Mixer.ConcurrentJobs);
    }

    [Fact]
    public void The_output_bytes_and_wall_time_limits_bind_from_the_limits_section()
    {
        var limits = Load("redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\n" +
            "mergebus: {limits: {max_output_bytes: 1000, min_job_time: 90s, job_time_per_session_second: 2.5}}").Limits;

        Assert.Equal((1000L, TimeSpan.FromSeconds(90), 2.5), (limits.MaxOutputBytes, limits.MinJobTime, limits.JobTimePerSessionSecond));
    }

    [Fact]
    public void Speaker_leveling_is_off_by_default_and_configurable_as_a_word_or_a_section()
    {
        const string Base = "redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\n";

        var byDefault = Load(Base).Worker.Loudness;
        var asWord = Load(Base + "mergebus: {loudness: speech}").Worker.Loudness;
        var asSection = Load(Base + "mergebus: {loudness: {mode: speech, target: -16, max_gain: 12}}").Worker.Loudness;
        var fromEnvironment = Load(Base, ("MERGEBUS__LOUDNESS", "speech"), ("MERGEBUS__LOUDNESS__TARGET", "-23")).Worker.Loudness;

        Assert.Equal(("off", -18.0, 20.0), (byDefault.Mode, byDefault.TargetLufs, byDefault.MaxGainDb));
        Assert.Equal("speech", asWord.Mode);
        Assert.Equal(("speech", -16.0, 12.0), (asSection.Mode, asSection.TargetLufs, asSection.MaxGainDb));
        Assert.Equal(("speech", -23.0), (fromEnvironment.Mode, fromEnvironment.TargetLufs));
        Assert.StartsWith("configuration error: mergebus.loudness must be one of off, speech", ErrorOf(Base + "mergebus: {loudness: loud}"));
    }

    [Fact]
    public void The_history_keeps_jobs_for_90_days_unless_mergebus_history_retention_says_otherwise()
    {
        const string Base = "redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\n";
        Assert.Equal(TimeSpan.FromDays(90), Load(Base).History.Retention);
        Assert.Equal(TimeSpan.FromDays(30), Load(Base + "mergebus: {history: {retention: 30d}}").History.Retention);
    }

    [Fact]
    public void A_history_retention_that_is_not_a_duration_is_named_in_one_line() =>
        Assert.StartsWith("configuration error: mergebus.history.retention must be a positive duration",
            ErrorOf("redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\nmergebus: {history: {retention: forever}}"));

    [Fact]
    public void A_missing_bucket_is_named_in_one_line() =>
        Assert.Equal("configuration error: storage.s3.bucket is required", ErrorOf("redis: {address: \"r:6379\"}"));

    [Fact]
    public void Gcs_storage_reads_bucket_credentials_and_prefix_and_writes_manifests_beside_by_default()
    {
        var settings = Load("redis: {address: \"r:6379\"}\nstorage: {prefix: rec, gcp: {bucket: b, credentials_json: \"{}\"}}");

        Assert.Equal((StorageBackend.Gcs, "b", "rec", "{}"), (settings.Storage.Backend, settings.Storage.Bucket, settings.Storage.Prefix, settings.Storage.Gcs!.CredentialsJson));
        Assert.Equal(ManifestWriteMode.Beside, settings.Storage.ManifestWrite);
    }

    [Fact]
    public void Gcs_manifests_can_be_overwritten_in_place_when_told()
    {
        var settings = Load("redis: {address: \"r:6379\"}\nstorage: {gcp: {bucket: b}}\nmergebus: {storage: {gcs_manifest_mode: overwrite}}");

        Assert.Equal(ManifestWriteMode.InPlace, settings.Storage.ManifestWrite);
    }

    [Fact]
    public void An_unknown_gcs_manifest_mode_is_named() =>
        Assert.Equal("configuration error: mergebus.storage.gcs_manifest_mode must be beside or overwrite",
            ErrorOf("redis: {address: \"r:6379\"}\nstorage: {gcp: {bucket: b}}\nmergebus: {storage: {gcs_manifest_mode: sideways}}"));

    [Fact]
    public void Azure_storage_reads_account_container_key_and_an_endpoint_override()
    {
        var settings = Load("redis: {address: \"r:6379\"}\nstorage: {azure: {account_name: a, account_key: \"a2V5\", container_name: c}}\n" +
                            "mergebus: {storage: {azure_endpoint: \"http://127.0.0.1:10000/a\"}}");

        Assert.Equal((StorageBackend.Azure, "c", "a", "http://127.0.0.1:10000/a"),
            (settings.Storage.Backend, settings.Storage.Bucket, settings.Storage.Azure!.AccountName, settings.Storage.Azure.Endpoint));
        Assert.Equal(ManifestWriteMode.InPlace, settings.Storage.ManifestWrite);
    }

    [Fact]
    public void An_azure_container_is_required() =>
        Assert.Equal("configuration error: storage.azure.container_name is required",
            ErrorOf("redis: {address: \"r:6379\"}\nstorage: {azure: {account_name: a}}"));

    [Fact]
    public void Two_storage_backends_at_once_are_refused_naming_the_second() =>
        Assert.StartsWith("configuration error: storage.gcp is set beside storage.s3",
            ErrorOf("redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: a}, gcp: {bucket: b}}"));

    [Fact]
    public void Printed_gcs_and_azure_settings_hold_no_credential()
    {
        var gcs = Load("redis: {address: \"r:6379\"}\nstorage: {gcp: {bucket: b, credentials_json: \"private-key-text\"}}").ToString();
        var azure = Load("redis: {address: \"r:6379\"}\nstorage: {azure: {account_name: a, account_key: \"account-key-text\", container_name: c}}").ToString();

        Assert.DoesNotContain("private-key-text", gcs);
        Assert.DoesNotContain("account-key-text", azure);
        Assert.Contains("gs://b/", gcs);
        Assert.Contains("azure://a/c/", azure);
    }

    [Fact]
    public void A_misspelt_mergebus_setting_is_named() =>
        Assert.Equal("configuration error: mergebus.mixer.concurency is not a MergeBus setting",
            ErrorOf(Yaml, ("MERGEBUS__MIXER__CONCURENCY", "2")));

    [Fact]
    public void The_opus_complexity_defaults_to_10_and_can_be_set_to_5()
    {
        Assert.Equal(10, Load(Yaml).Mixer.OpusComplexity);
        Assert.Equal(5, Load(Yaml, ("MERGEBUS__OPUS__COMPLEXITY", "5")).Mixer.OpusComplexity);
    }

    [Fact]
    public void An_opus_complexity_above_10_is_refused() =>
        Assert.Equal("configuration error: mergebus.opus.complexity must be a whole number from 0 to 10",
            ErrorOf(Yaml, ("MERGEBUS__OPUS__COMPLEXITY", "11")));

    [Fact]
    public void A_bad_master_key_is_named_without_its_value()
    {
        var message = ErrorOf(Yaml.Replace(MasterKey, "bm90LWEta2V5"));
        Assert.Equal("configuration error: audio_recording_encryption.master_key must be the base64 of 32 bytes", message);
    }

    [Fact]
    public void Printed_settings_hold_no_secret()
    {
        var text = Load(Yaml).ToString();
        foreach (var secret in new[] { "redis-pass", "s3-secret", "rabbit-pass", MasterKey })
            Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task A_host_with_a_bad_setting_exits_at_start_with_one_line_naming_the_key()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceProcess.HostDll("Mixer"));
        start.Environment["EGRESS_CONFIG_BODY"] = "redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\nmergebus: {mixer: {concurrency: 0}}";
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("configuration error: mergebus.mixer.concurrency must be a whole number of at least 1", stderr.Trim());
        Assert.Equal("", stdout);
    }
}
