using System.Text;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// The list's cursor: the sort key of the last job on a page. Jobs are ordered newest first by submission time,
/// then id, and a job's key never changes, so a page stays the same while new (newer) jobs arrive.
/// </summary>
public static class JobCursor
{
    public static string SortKeyOf(DateTimeOffset submittedAt, string jobId) => $"{submittedAt.UtcTicks:D19}|{jobId}";

    public static string Encode(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out string sortKey)
    {
        sortKey = "";
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            sortKey = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return sortKey.Length > 20 && sortKey[19] == '|' && sortKey[..19].All(char.IsAsciiDigit);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
