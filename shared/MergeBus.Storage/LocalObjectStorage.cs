using System.Buffers;

namespace MergeBus.Storage;

/// <summary>
/// Objects as files under a root directory. Writes go to a hidden temp file in the target directory and are
/// renamed over the target, so readers see the old file or the whole new one and a failed write leaves nothing.
/// </summary>
public sealed class LocalObjectStorage : IObjectStorage
{
    private const int CopyBufferSize = 128 * 1024;

    private readonly string _root;
    private readonly string _realRoot;

    public LocalObjectStorage(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        Directory.CreateDirectory(_root);
        _realRoot = LocalFileHandles.RealPathOfDirectory(_root);
    }

    public string RootDirectory => _root;

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        // The size comes from the opened handle: a link's own length, or a FIFO's 0, is not the object's.
        if (Open(key) is not { } file) return Task.FromResult<ObjectInfo?>(null);
        using var handle = file.Handle;
        return Task.FromResult<ObjectInfo?>(
            new ObjectInfo(key, file.Size, new DateTimeOffset(File.GetLastWriteTimeUtc(handle), TimeSpan.Zero)));
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var opened = Open(key) ?? throw new StorageObjectNotFoundException(key);
        // Renaming a new version over this file while we read the old one stays possible: nothing here locks it.
        return Task.FromResult<Stream>(new FileStream(opened.Handle, FileAccess.Read, CopyBufferSize));
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await WriteAtomicallyAsync(key, content, cancellationToken);
    }

    public async Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        await using var source = OpenLocalFile(localPath);
        await WriteAtomicallyAsync(key, source, cancellationToken);
    }

    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        PathFor(destinationKey); // reject a bad destination before touching the source
        await using var source = await OpenReadAsync(sourceKey, cancellationToken);
        await WriteAtomicallyAsync(destinationKey, source, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            File.Delete(path); // no error when the file is missing
        }
        catch (DirectoryNotFoundException)
        {
            // Missing parent directory: the object is already gone.
        }
        catch (IOException e)
        {
            throw new StorageException($"local delete failed: {key}", e);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidatePrefix(prefix);
        // Like S3, a prefix is a string prefix of keys ("room/SES" matches "room/SESSION/a"), so start the walk
        // at the deepest directory the prefix names completely.
        var slash = prefix.LastIndexOf('/');
        var startDirectory = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(startDirectory) || (slash >= 0 && !LocalPaths.StaysUnder(_root, startDirectory)))
        {
            return Task.FromResult<IReadOnlyList<ObjectInfo>>([]);
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint, // never follow links out of the root
            IgnoreInaccessible = true,
        };
        var results = new List<ObjectInfo>();
        foreach (var path in Directory.EnumerateFiles(startDirectory, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (LocalPaths.IsTempFile(Path.GetFileName(path)))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                results.Add(ToInfo(key, new FileInfo(path)));
            }
        }

        results.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<ObjectInfo>>(results);
    }

    public string Describe() => new Uri(_root + Path.DirectorySeparatorChar).AbsoluteUri;

    public override string ToString() => Describe();

    private async Task WriteAtomicallyAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathFor(key);
        var directory = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(directory, LocalPaths.TempFileName(Path.GetFileName(target)));
        try
        {
            Directory.CreateDirectory(directory);
            await using (var output = new FileStream(temp, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew,
                             Access = FileAccess.Write,
                             Share = FileShare.None,
                             Options = FileOptions.Asynchronous,
                             BufferSize = CopyBufferSize,
                         }))
            {
                await CopyContentAsync(content, output, cancellationToken);
                // Durable before visible: a crash after the rename must not expose an empty file.
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (SourceStreamException e)
        {
            TryDelete(temp);
            throw e.Unwrap(); // the caller's stream failed: their exception, unchanged
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StorageException($"local write failed: {key}", e);
        }
        catch
        {
            TryDelete(temp); // cancelled
            throw;
        }
    }

    private static async Task CopyContentAsync(Stream source, FileStream output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await SourceStreamException.ReadAsync(source, buffer.AsMemory(0, CopyBufferSize),
                       cancellationToken)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Maps a key to a path under the root, refusing anything that would land outside it.</summary>
    private string PathFor(string key)
    {
        StorageKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!LocalPaths.StaysUnder(_root, path))
        {
            throw new StorageKeyRejectedException(key, "leaves the storage root");
        }

        if (LocalPaths.CrossesLinkOutOfRoot(_realRoot, path))
        {
            throw new StorageKeyRejectedException(key, "symbolic link leaves the storage root");
        }

        return path;
    }

    /// <summary>The object's file, opened without blocking and checked on its handle (<see cref="LocalFileHandles"/>).</summary>
    private (Microsoft.Win32.SafeHandles.SafeFileHandle Handle, long Size)? Open(string key) =>
        LocalFileHandles.OpenRegularFile(key, PathFor(key), _realRoot);

    // A missing local file is the caller's mistake, reported as the plain FileNotFoundException (as S3 does).
    private static FileStream OpenLocalFile(string localPath) =>
        new(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static ObjectInfo ToInfo(string key, FileInfo file) =>
        new(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the temp name is hidden and skipped by ListAsync anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
