using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Tests;

/// <summary>What the run puts on a page (app names, exceptions, a task's output) arrives as text, never as markup.</summary>
public sealed class HtmlWriterTests
{
    [Fact]
    public void Holes_are_encoded_and_only_markup_this_assembly_wrote_is_not()
    {
        var exception = "InvalidOperationException: <script>alert('x')</script> & \"quoted\"";
        var html = new HtmlWriter().Add($"""<td title="{exception}">{exception}</td>{new RawHtml("<b>bold</b>")}""").ToString();

        Assert.Equal(
            "<td title=\"InvalidOperationException: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\">" +
            "InvalidOperationException: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</td><b>bold</b>", html);
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_whatever_the_threads()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("<rect x=\"12.5\" width=\"1234.57\"/>", new HtmlWriter().Add($"""<rect x="{12.5}" width="{1234.5678:0.##}"/>""").ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }
}
