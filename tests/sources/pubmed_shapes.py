"""Small hand-written EFetch documents for the corners of the PubMed XML parser.

The recorded answers in ``tests/data/eutils/efetch`` are regular; these are
not.  Each one bends one rule of the DTD (or follows a rare branch of it) so
that the parser's output on odd input is pinned as well: references with two
PMIDs or none, nested reference lists, markup in citations, MathML,
whitespace of every kind, invalid authors, every date form, book records,
and records mixed with other top-level nodes.  They are invented: the PMIDs,
names and titles mean nothing.
"""

from __future__ import annotations

HEAD = b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'


def document(*records: str, root: str = "<PubmedArticleSet>") -> bytes:
    return HEAD + (root + "\n" + "\n".join(records) + "\n</PubmedArticleSet>\n").encode("utf-8")


def article(citation: str = "", article: str = "", pubmed_data: str = "", pmid: str = "90000001") -> str:
    """A ``PubmedArticle`` with a minimal journal, title and author around the parts given."""
    journal = article or """
      <Journal><ISSN IssnType="Print">1234-5678</ISSN>
        <JournalIssue CitedMedium="Print"><Volume>7</Volume><Issue>2</Issue>
          <PubDate><Year>2020</Year><Month>Mar</Month><Day>4</Day></PubDate></JournalIssue>
        <Title>Journal of Shapes</Title><ISOAbbreviation>J Shapes</ISOAbbreviation></Journal>
      <ArticleTitle>A title.</ArticleTitle>
      <AuthorList><Author ValidYN="Y"><LastName>Doe</LastName><ForeName>Jane</ForeName><Initials>J</Initials></Author></AuthorList>"""
    return f"""<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Print">{journal}
    </Article>{citation}
  </MedlineCitation>
  <PubmedData>{pubmed_data}
  </PubmedData>
</PubmedArticle>"""


def reference(citation: str | None, *ids: tuple[str, str]) -> str:
    cited = "" if citation is None else f"<Citation>{citation}</Citation>"
    listed = "".join(f'<ArticleId IdType="{kind}">{value}</ArticleId>' for kind, value in ids)
    return f"<Reference>{cited}<ArticleIdList>{listed}</ArticleIdList></Reference>"


def references(*entries: str, title: str = "") -> str:
    return f"<ReferenceList>{title}{''.join(entries)}</ReferenceList>"


_MATH = """<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">
  <mml:semantics><mml:mrow>
    <mml:msub><mml:mi>x</mml:mi><mml:mn>1</mml:mn></mml:msub>
    <mml:mo>+</mml:mo>
    <mml:msup><mml:mi>y</mml:mi><mml:mn>2</mml:mn></mml:msup>
    <mml:msubsup><mml:mi>z</mml:mi><mml:mi>i</mml:mi><mml:mn>3</mml:mn></mml:msubsup>
    <mml:mover><mml:mi>v</mml:mi><mml:mo>&#x2192;</mml:mo></mml:mover>
    <mml:munder><mml:mi>w</mml:mi><mml:mo>q</mml:mo></mml:munder>
    <mml:mfrac><mml:mi>a</mml:mi><mml:mi>b</mml:mi></mml:mfrac>
    <mml:msqrt><mml:mi>c</mml:mi><mml:mn>4</mml:mn></mml:msqrt>
    <mml:mfenced open="[" close="&gt;" separators=";,"><mml:mi>p</mml:mi><mml:mi>q</mml:mi></mml:mfenced>
    <mml:mtext> a &lt; b </mml:mtext><mml:none/><mml:mprescripts/>
    <mml:msub><mml:mi>only</mml:mi></mml:msub>
  </mml:mrow><mml:annotation encoding="TeX">x_1</mml:annotation></mml:semantics>
</mml:math>"""

SHAPES: dict[str, bytes] = {
    # ReferenceList forms: the common one, nested lists (one level is read by
    # the fast path, deeper ones only by the one-by-one walk), a title.
    "references-nested": document(article(pubmed_data=references(
        reference("First &amp; one.", ("pubmed", "101"), ("doi", "10.1/a")),
        reference("No PMID.", ("doi", "10.1/b")),
        references(reference("Nested.", ("pmc", "PMC1"), ("pubmed", "102")),
                   references(reference("Too deep.", ("pubmed", "103")))),
        reference("  Spaced\n   out\tcitation.  ", ("pubmed", " 104 ")),
        title="<Title>References</Title>"))),
    # A reference with two PMIDs: the counts differ, every Reference is read one by one.
    "references-two-pmids": document(article(pubmed_data=references(
        reference("Two ids.", ("pubmed", "201"), ("pubmed", "202")),
        reference("One id.", ("pubmed", "203")),
        references(references(reference("Deep, read by the walk.", ("pubmed", "204"))))))),
    # A PMID-carrying reference without a Citation, and one with an empty id.
    "references-missing-parts": document(article(pubmed_data=references(
        reference(None, ("pubmed", "301")),
        reference("Empty id.", ("pubmed", "")),
        reference("Then a good one.", ("pubmed", "302")),
        reference("Zero.", ("pubmed", "0")),
        reference("Letters.", ("pubmed", "abc"))))),
    # Equal counts that pair ids and citations of different references.
    "references-equal-counts": document(article(pubmed_data=references(
        "<Reference><Citation>A</Citation><ArticleIdList><ArticleId IdType=\"pubmed\">401</ArticleId>"
        "<ArticleId IdType=\"pubmed\">402</ArticleId></ArticleIdList></Reference>",
        reference("B", ("pubmed", "")),
        reference("C", ("pubmed", "403"))))),
    # Two Citation elements in one reference, and an id split by markup.
    "references-odd-elements": document(article(pubmed_data=references(
        "<Reference><Citation>One</Citation><Citation>Two</Citation>"
        "<ArticleIdList><ArticleId IdType=\"pubmed\">501</ArticleId></ArticleIdList></Reference>",
        "<Reference><Citation>Split id</Citation>"
        "<ArticleIdList><ArticleId IdType=\"pubmed\">50<b/>2</ArticleId></ArticleIdList></Reference>",
        "<Reference><ArticleIdList><ArticleId IdType=\"pubmed\">503</ArticleId></ArticleIdList>"
        "<Citation>Citation after the ids</Citation></Reference>",
        "<Reference><Citation>Two lists</Citation><ArticleIdList><ArticleId IdType=\"doi\">x</ArticleId></ArticleIdList>"
        "<ArticleIdList><ArticleId IdType=\"pubmed\">504</ArticleId></ArticleIdList></Reference>"))),
    # Markup and character references inside citations.
    "references-markup": document(article(pubmed_data=references(
        reference("Study of <i>E. coli</i> <i>rpoS</i>\n   mutants &#x2013; part <sup>2</sup>.", ("pubmed", "601")),
        reference("<b>Bold</b> start &lt;tag&gt;.", ("pubmed", "602")),
        reference("Caf&#xe9;&#xa0;society\u00a0 ", ("pubmed", "603"))))),
    # Comments and corrections: Cites merged with the reference list, notices.
    "comments-corrections": document(article(
        citation="""
    <CommentsCorrectionsList>
      <CommentsCorrections RefType="Cites"><RefSource>Listed already.</RefSource><PMID Version="1">701</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>Only cited.</RefSource><PMID Version="1">702</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>Cited twice.</RefSource><PMID Version="1">702</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>No PMID.</RefSource></CommentsCorrections>
      <CommentsCorrections RefType="ErratumIn"><RefSource>J Shapes. 2021;8:1.</RefSource><PMID Version="1"> 703 </PMID></CommentsCorrections>
      <CommentsCorrections RefType="CommentOn"><RefSource>A <i>comment</i>.</RefSource></CommentsCorrections>
      <CommentsCorrections><RefSource>No RefType.</RefSource><PMID Version="1">704</PMID></CommentsCorrections>
      <CommentsCorrections RefType="RetractionIn"><PMID Version="1">x</PMID></CommentsCorrections>
    </CommentsCorrectionsList>""",
        pubmed_data=references(reference("Listed.", ("pubmed", "701")), reference("Also listed.", ("pubmed", "705"))))),
    # Cites only, no ReferenceList.
    "comments-cites-only": document(article(citation="""
    <CommentsCorrectionsList>
      <CommentsCorrections RefType="Cites"><RefSource>First.</RefSource><PMID Version="1">801</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>Second.</RefSource><PMID Version="1">802</PMID></CommentsCorrections>
    </CommentsCorrectionsList>""")),
    # Authors: invalid ones, nameless ones, collectives, suffixes, ORCIDs, editors.
    "authors": document(article(article="""
      <Journal><JournalIssue CitedMedium="Internet"><PubDate><Year>2019</Year></PubDate></JournalIssue>
        <Title>  Journal\n  of Authors </Title></Journal>
      <ArticleTitle>Authors.</ArticleTitle>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Smith</LastName><ForeName>John  Paul</ForeName><Initials>JP</Initials><Suffix>Jr</Suffix>
          <AffiliationInfo><Affiliation>Dept. A,\n  Univ. B.</Affiliation></AffiliationInfo>
          <AffiliationInfo><Affiliation/></AffiliationInfo>
          <AffiliationInfo><Affiliation>Lab <i>C</i>.</Affiliation><Identifier Source="ROR">x</Identifier></AffiliationInfo>
          <Identifier Source="orcid">https://orcid.org/0000-0002-1825-009x</Identifier></Author>
        <Author ValidYN="N"><LastName>Invalid</LastName><ForeName>Not</ForeName></Author>
        <Author><AffiliationInfo><Affiliation>Nobody</Affiliation></AffiliationInfo></Author>
        <Author><CollectiveName>The <i>Shapes</i> Group</CollectiveName></Author>
        <Author><LastName>M&#xfc;ller</LastName><Identifier Source="ORCID">0000 0001 2345 6789</Identifier>
          <Identifier Source="ORCID">bad</Identifier></Author>
        <Author><ForeName>Only</ForeName></Author>
      </AuthorList>
      <AuthorList Type="editors"><Author><LastName>Editor</LastName><Initials>E</Initials></Author></AuthorList>
      <Language>eng</Language><Language>fre</Language>""")),
    # Date forms: MedlineDate (with and without a month), seasons, numeric and
    # odd months, impossible days.
    "dates": document(*(article(pmid=str(900 + number), article=f"""
      <Journal><JournalIssue CitedMedium="Print"><PubDate>{date}</PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle>Date {number}.</ArticleTitle>
      <AuthorList><Author><LastName>Date</LastName></Author></AuthorList>""") for number, date in enumerate([
        "<MedlineDate>1998 Dec-1999 Jan</MedlineDate>",
        "<MedlineDate>Winter 2001-2002</MedlineDate>",
        "<MedlineDate>no year</MedlineDate>",
        "<Year>2002</Year><MedlineDate>2002 Spring</MedlineDate>",
        "<Year>2003</Year><Season>Fall</Season>",
        "<Year>2004</Year><Month>05</Month><Day>07</Day>",
        "<Year>2005</Year><Month>13</Month><Day>2</Day>",
        "<Year>2006</Year><Month>Sept</Month><Day>32</Day>",
        "<Year>2007</Year><Month>september</Month><Day>30</Day><Season>x</Season>",
        "<Year>2008</Year><Day>3</Day>",
        "<Year>c2009</Year><Month> Feb </Month>",
        "<Month>Mar</Month>",
    ]))),
    # Journal, pagination, DOI and identifier fallbacks.
    "journal-and-ids": document(
        article(pmid="1001", article="""
      <Journal><ISSN IssnType="Electronic">1111-1111</ISSN><ISSN IssnType="Print">2222-2222</ISSN>
        <JournalIssue><PubDate><Year>2010</Year></PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle>Pages from start and end.</ArticleTitle>
      <Pagination><StartPage>e12</StartPage><EndPage>e19</EndPage></Pagination>
      <ELocationID EIdType="doi" ValidYN="N">10.9/invalid</ELocationID>
      <ELocationID EIdType="pii">S1</ELocationID>
      <ELocationID EIdType="doi">10.9/Valid</ELocationID>
      <ELocationID EIdType="doi">10.9/second</ELocationID>
      <AuthorList><Author><LastName>Ids</LastName></Author></AuthorList>""",
            citation="""
    <MedlineJournalInfo><MedlineTA>J Medline TA</MedlineTA><ISSNLinking>3333-3333</ISSNLinking></MedlineJournalInfo>""",
            pubmed_data="""<ArticleIdList><ArticleId IdType="pubmed">1001</ArticleId><ArticleId IdType="doi">10.9/from-list</ArticleId>
      <ArticleId IdType="pmc">PMC77</ArticleId><ArticleId IdType="pmc">PMC78</ArticleId></ArticleIdList>"""),
        article(pmid="", article="""
      <Journal><JournalIssue><PubDate><Year>2011</Year></PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle>No PMID in MedlineCitation, same start and end page.</ArticleTitle>
      <Pagination><StartPage>5</StartPage><EndPage>5</EndPage></Pagination>
      <AuthorList><Author><LastName>Ids</LastName></Author></AuthorList>""",
            citation="""
    <MedlineJournalInfo><ISSNLinking>4444-4444</ISSNLinking></MedlineJournalInfo>""",
            pubmed_data="""<ArticleIdList><ArticleId IdType="pubmed"> 1002 </ArticleId><ArticleId IdType="doi">10.9/list-only</ArticleId></ArticleIdList>"""),
    ),
    # Lists: keywords, chemicals, publication types and MeSH with repeats and gaps.
    "lists": document(article(citation="""
    <ChemicalList><Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D1">Water</NameOfSubstance></Chemical>
      <Chemical><RegistryNumber>1</RegistryNumber></Chemical>
      <Chemical><NameOfSubstance>Water</NameOfSubstance></Chemical><Chemical><NameOfSubstance> Salt\n</NameOfSubstance></Chemical></ChemicalList>
    <MeshHeadingList>
      <MeshHeading><DescriptorName MajorTopicYN="Y" UI="D2">Humans</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName MajorTopicYN="N">Cells</DescriptorName>
        <QualifierName MajorTopicYN="Y">cytology</QualifierName><QualifierName MajorTopicYN="N">drug effects</QualifierName></MeshHeading>
      <MeshHeading><QualifierName>orphan</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName> </DescriptorName></MeshHeading>
    </MeshHeadingList>
    <KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">alpha</Keyword><Keyword>  beta </Keyword><Keyword>alpha</Keyword><Keyword/></KeywordList>
    <KeywordList Owner="NLM"><Keyword><i>gamma</i> delta</Keyword><Keyword>beta</Keyword></KeywordList>""",
        article="""
      <Journal><JournalIssue><PubDate><Year>2012</Year></PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle>Lists.</ArticleTitle><VernacularTitle>Listes <i>diverses</i>.</VernacularTitle>
      <AuthorList><Author><LastName>Lists</LastName></Author></AuthorList>
      <PublicationTypeList><PublicationType UI="D1">Journal Article</PublicationType>
        <PublicationType>Review</PublicationType><PublicationType>Journal Article</PublicationType><PublicationType/></PublicationTypeList>""")),
    # Titles and abstracts with markup, MathML and whitespace of every kind.
    "markup": document(article(article=f"""
      <Journal><JournalIssue><PubDate><Year>2013</Year></PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle><i>Escherichia coli</i> <i>rpoS</i>\n   mutants: &lt;a&gt; &amp; <b>b</b><sup>2+</sup><sub>x</sub><u>u</u><span>s</span>.</ArticleTitle>
      <Abstract>
        <AbstractText Label=" BACKGROUND " NlmCategory="BACKGROUND">Plain\ttext\u00a0with  spaces.</AbstractText>
        <AbstractText Label="METHODS">We used {_MATH} and <math><mi>k</mi><mo>=</mo><mn>1</mn></math> too.</AbstractText>
        <AbstractText>  </AbstractText>
        <AbstractText Label="RESULTS"><i>Nested <b>bold <sup>sup</sup></b> tail</i> end</AbstractText>
        <CopyrightInformation>Copyright</CopyrightInformation>
      </Abstract>
      <AuthorList><Author><LastName>Markup</LastName></Author></AuthorList>""")),
    # Books: a chapter with its own references, a whole book, top-level noise.
    "books": document(
        """<PubmedBookArticle>
  <BookDocument>
    <PMID Version="1">1101</PMID>
    <ArticleIdList><ArticleId IdType="bookaccession">NBK1</ArticleId><ArticleId IdType="doi">10.8/chapter</ArticleId></ArticleIdList>
    <Book>
      <Publisher><PublisherName>Press &amp; Co</PublisherName><PublisherLocation>Here</PublisherLocation></Publisher>
      <BookTitle book="x">The <i>Big</i> Book<sup>&#xae;</sup></BookTitle>
      <PubDate><Year>1993</Year><Month>Jan</Month></PubDate>
      <AuthorList Type="editors"><Author><LastName>Editor</LastName><ForeName>Ed</ForeName></Author></AuthorList>
      <AuthorList Type="authors"><Author><LastName>BookAuthor</LastName></Author></AuthorList>
      <Volume>3</Volume>
    </Book>
    <LocationLabel Type="chapter">Chapter 1</LocationLabel>
    <ArticleTitle>Chapter <i>one</i></ArticleTitle>
    <VernacularTitle>Chapitre un</VernacularTitle>
    <Language>eng</Language><Language>ger</Language>
    <AuthorList Type="authors"><Author><LastName>Chapter</LastName><ForeName>Author</ForeName></Author></AuthorList>
    <PublicationType UI="D1">Review</PublicationType><PublicationType>Review</PublicationType>
    <Abstract><AbstractText Label="SUMMARY">A chapter.</AbstractText></Abstract>
    <Sections><Section><SectionTitle>S</SectionTitle></Section></Sections>
    <KeywordList><Keyword>book</Keyword></KeywordList>
    <ELocationID EIdType="doi">10.8/eloc</ELocationID>
    <ReferenceList><Reference><Citation>Book ref.</Citation><ArticleIdList><ArticleId IdType="pubmed">1102</ArticleId></ArticleIdList></Reference></ReferenceList>
  </BookDocument>
  <PubmedBookData>
    <ArticleIdList><ArticleId IdType="pubmed">1101</ArticleId><ArticleId IdType="pmc">PMC9</ArticleId><ArticleId IdType="doi">10.8/ignored</ArticleId></ArticleIdList>
  </PubmedBookData>
</PubmedBookArticle>""",
        "<!-- a comment between records --><?pi between?>",
        "<DeleteCitation><PMID Version=\"1\">1</PMID></DeleteCitation>",
        """<PubmedBookArticle>
  <BookDocument>
    <Book><BookTitle>Whole book</BookTitle><PubDate><MedlineDate>1990-1991</MedlineDate></PubDate>
      <AuthorList><Author><LastName>Whole</LastName></Author></AuthorList></Book>
    <ELocationID EIdType="doi">10.8/whole</ELocationID>
  </BookDocument>
  <PubmedBookData><ArticleIdList><ArticleId IdType="pubmed">1103</ArticleId></ArticleIdList></PubmedBookData>
</PubmedBookArticle>""",
        "text at the top level",
    ),
    # Namespaces declared on the root and used inside records; CDATA sections.
    "root-namespaces": document(article(article="""
      <Journal><JournalIssue><PubDate><Year>2014</Year></PubDate></JournalIssue><Title><![CDATA[J & <CDATA>]]></Title></Journal>
      <ArticleTitle>Root <m:math><m:mi>x</m:mi></m:math> namespace.</ArticleTitle>
      <AuthorList><Author><LastName>Name<![CDATA[space]]></LastName></Author></AuthorList>"""),
        root='<PubmedArticleSet xmlns:m="http://www.w3.org/1998/Math/MathML" xml:lang="en">'),
}

#: Records that break an assumption of the parser: a ``FormatError`` naming the record's line.
BROKEN: dict[str, bytes] = {
    "superscript-digit-pmid": document(article(), article(pmid="\u00b2")),
    "superscript-digit-year": document(article(article="""
      <Journal><JournalIssue><PubDate><Year>\u00b9\u00b9</Year></PubDate></JournalIssue><Title>J</Title></Journal>
      <ArticleTitle>Year.</ArticleTitle>""")),
}
