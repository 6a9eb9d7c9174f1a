//! Template parsing, made cheaper without changing what it builds.
//!
//! Handlebars' parser spends about a thousand instructions on every byte of a template, prose
//! and comments included, and a cold start parses the templates of its first request while
//! Cognito waits. So the parser is handed a *folded* source: every long run of plain text
//! between two tags, and every long comment text, is replaced by a short marker that the parser
//! takes for plain text (or comment text) as well; the runs are put back into the parsed
//! template afterwards, and each element's line and column translated back to the source.
//! A plain `{{path.to.value}}` standing between two pieces of text is folded too: the parser
//! reads it as text, and the expression element it would have built is put in its place.
//!
//! Folding keeps the whitespace at both ends of each text run, which is all the parser looks
//! at when it trims around `~` and standalone tags, and folds an expression only with text on
//! both sides and no `~` still trimming before it, so the parser builds the same elements
//! around it: the parsed [`Template`] is equal to the one parsed from the source (the tests
//! check the built-in set and generated templates). Anything unexpected (a marker missing,
//! repeated or in the wrong place, a parse error, a source with raw blocks or escaped tags)
//! falls back to parsing the source as it is, so errors name the source's own lines and
//! columns.

use std::fmt::Write as _;
use std::ops::Range;

use handlebars::template::{
    ExpressionSpecBuilder, HelperTemplate, Parameter, TemplateElement, TemplateMapping,
};
use handlebars::{Path, PathSeg, Template, TemplateError};

/// Opens and closes the marker of a text or comment run; a source holding it is not folded.
/// A private-use character: no template has a reason to carry it.
const MARK: char = '\u{E000}';

/// Opens and closes the marker of a folded expression; a source holding it is not folded.
const EXPRESSION_MARK: char = '\u{E001}';

/// Path segments never folded: keywords and literals read otherwise than as a name.
const RESERVED_SEGMENTS: [&str; 6] = ["this", "else", "as", "true", "false", "null"];

/// Runs shorter than this stay as they are: a marker takes 4 to 8 bytes.
const MIN_FOLDED_RUN: usize = 16;

/// Parses one template exactly as [`Template::compile_with_name`] would, from a folded source.
pub(crate) fn compile(source: &str, name: String) -> Result<Template, TemplateError> {
    if let Some(template) = compile_folded(source, &name) {
        return Ok(template);
    }
    Template::compile_with_name(source, name)
}

/// `source` parsed folded, or `None` when there was nothing to fold or the result could not be
/// put back exactly.
fn compile_folded(source: &str, name: &str) -> Option<Template> {
    let folded = Folded::new(source)?;
    let mut template = Template::compile_with_name(&folded.text, name.to_owned()).ok()?;
    folded.unfold(&mut template).then_some(template)
}

/// A source with its long runs replaced by markers, and where each run went.
struct Folded<'a> {
    source: &'a str,
    text: String,
    runs: Vec<FoldedRun>,
}

/// One folded run: what it was, its bytes in the source and its marker's bytes in the folded
/// text.
struct FoldedRun {
    kind: RunKind,
    source: Range<usize>,
    marker: Range<usize>,
}

/// Where a run sits, and so which element must hold its marker after parsing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RunKind {
    /// Plain text between tags: a `RawString`.
    Text,
    /// A comment's text: a `Comment`.
    Comment,
    /// A plain `{{path}}` between two pieces of text: an `Expression` between two
    /// `RawString`s.
    Expression,
}

impl<'a> Folded<'a> {
    /// Folds `source`, or `None` when nothing is worth folding or the source holds syntax the
    /// scan does not follow (raw blocks, escaped tags, the marker character itself).
    fn new(source: &'a str) -> Option<Self> {
        let bytes = source.as_bytes();
        let mut mark = [0; 4];
        for mark_char in [MARK, EXPRESSION_MARK] {
            let mark = mark_char.encode_utf8(&mut mark).as_bytes();
            if memchr::memmem::find(bytes, mark).is_some() {
                return None;
            }
        }
        let mut folded = Self {
            source,
            text: String::with_capacity(source.len() / 2),
            runs: Vec::new(),
        };
        let mut copied = 0;
        let mut run_start = 0;
        let mut drops_whitespace = false;
        loop {
            let tag_start = next_tag(bytes, run_start).unwrap_or(source.len());
            let run = &source[run_start..tag_start];
            // The whitespace at both ends stays: the parser trims it around `~` and
            // standalone tags, and takes a partial's indentation from it.
            let start = tag_start - run.trim_start().len();
            let end = run_start + run.trim_end().len();
            folded.fold(RunKind::Text, start..end, &mut copied);
            if tag_start == source.len() {
                break;
            }
            let tag = &source[tag_start..];
            if tag.starts_with("{{{{") || bytes[..tag_start].ends_with(b"\\") {
                // Raw blocks and escaped tags: their text follows other rules.
                return None;
            }
            // After a tag ending in `~}}` the parser drops whitespace-only text up to the
            // next tag other than a comment; an expression folded into text would let that
            // last longer, so it stays a tag.
            if !drops_whitespace
                && let Some(len) = folded_expression_len(source, tag_start, run_start)
            {
                let range = tag_start..tag_start + len;
                folded.fold(RunKind::Expression, range, &mut copied);
                run_start = tag_start + len;
                continue;
            }
            let Some(tag_len) = tag_len(tag) else {
                // A tag the scan cannot end: the rest stays as it is.
                break;
            };
            if let Some(text) = comment_text(&tag[..tag_len]) {
                // The parser keeps the comment's text after its opener; text that starts with
                // another opener would lose it too, so it is left alone.
                if !tag[text.clone()].starts_with("{{!") {
                    let text = tag_start + text.start..tag_start + text.end;
                    folded.fold(RunKind::Comment, text, &mut copied);
                }
            } else {
                drops_whitespace = tag[..tag_len].ends_with("~}}");
            }
            run_start = tag_start + tag_len;
        }
        if folded.runs.is_empty() {
            return None;
        }
        folded.text.push_str(&source[copied..]);
        Some(folded)
    }

    /// Replaces `range` of the source by a marker (a text or comment run only if it is long
    /// enough); `copied` is how far the source has been copied to the folded text.
    fn fold(&mut self, kind: RunKind, range: Range<usize>, copied: &mut usize) {
        if kind != RunKind::Expression && range.len() < MIN_FOLDED_RUN {
            return;
        }
        self.text.push_str(&self.source[*copied..range.start]);
        let marker_start = self.text.len();
        let mark = if kind == RunKind::Expression {
            EXPRESSION_MARK
        } else {
            MARK
        };
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{mark}{}{mark}", self.runs.len());
        *copied = range.end;
        self.runs.push(FoldedRun {
            kind,
            source: range,
            marker: marker_start..self.text.len(),
        });
    }

    /// Puts every folded run back into `template` (parsed from the folded text) and translates
    /// every element's position to the source. `false` when a marker is missing, repeated or
    /// somewhere other than where its run was: `template` is then not the source's.
    fn unfold(&self, template: &mut Template) -> bool {
        let mut unfolder = Unfolder {
            folded: self,
            folded_lines: Lines::new(&self.text),
            source_lines: Lines::new(self.source),
            restored: vec![false; self.runs.len()],
        };
        unfolder.template(template) && unfolder.restored.iter().all(|restored| *restored)
    }
}

/// Where the next `{{` at or after `from` starts.
fn next_tag(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(at) = memchr::memchr(b'{', bytes.get(from..)?) {
        let at = from + at;
        if bytes.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The length of the tag at the start of `tag` (which starts with `{{`), following comments,
/// triple mustaches, string literals and `[…]` path segments; `None` when it does not end.
fn tag_len(tag: &str) -> Option<usize> {
    if let Some(body) = tag.strip_prefix("{{!--")
        && let Some(end) = memchr::memmem::find(body.as_bytes(), b"--}}")
    {
        return Some(5 + end + 4);
    }
    if tag.starts_with("{{!") {
        return memchr::memmem::find(&tag.as_bytes()[3..], b"}}").map(|end| 3 + end + 2);
    }
    let triple = tag[2..].trim_start_matches('~').starts_with('{');
    let bytes = tag.as_bytes();
    let mut at = 2;
    while at < bytes.len() {
        match bytes[at] {
            quote @ (b'"' | b'\'') => {
                at += 1;
                while *bytes.get(at)? != quote {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' => at += memchr::memchr(b']', &bytes[at..])?,
            b'{' if bytes.get(at + 1) == Some(&b'{') => return None,
            b'}' if bytes.get(at + 1) == Some(&b'}') => {
                let triple_close = triple && bytes.get(at + 2) == Some(&b'}');
                return Some(at + if triple_close { 3 } else { 2 });
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The length of the tag at `at` if it is a plain `{{path}}` that can be folded: a path of
/// dotted identifiers with text (not only whitespace) between it and the tags on either side;
/// `text_start` is where the text before it starts. The parser then builds a text element on
/// each side whatever the neighbouring tags do (their trimming stops at that text), so the
/// expression can be read as text too.
fn folded_expression_len(source: &str, at: usize, text_start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let path_start = at + 2;
    let path_len = bytes[path_start..]
        .iter()
        .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.'))
        .count();
    let path_end = path_start + path_len;
    if !bytes[path_end..].starts_with(b"}}") {
        return None;
    }
    let path = &source[path_start..path_end];
    let plain_segments = path.split('.').all(|segment| {
        segment
            .bytes()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
            && !RESERVED_SEGMENTS.contains(&segment)
    });
    let end = path_end + 2;
    let text_after_end = next_tag(bytes, end).unwrap_or(source.len());
    let text_before = !source[text_start..at].trim_start().is_empty();
    let text_after = !source[end..text_after_end].trim_start().is_empty();
    (plain_segments && text_before && text_after).then_some(end - at)
}

/// The element the parser builds for `{{path}}`, `path` as [`folded_expression_len`] admits.
fn expression_element(path: &str) -> Option<TemplateElement> {
    let segments = path
        .split('.')
        .map(|segment| PathSeg::Named(segment.to_owned()))
        .collect();
    let spec = ExpressionSpecBuilder::default()
        .name(Parameter::Path(Path::Relative((segments, path.to_owned()))))
        .params(Vec::new())
        .hash(Default::default())
        .omit_pre_ws(false)
        .omit_pro_ws(false)
        .build()
        .ok()?;
    Some(TemplateElement::Expression(Box::new(HelperTemplate::new(
        spec, false, false,
    ))))
}

/// The text of a comment tag, within the tag, as the parser keeps it.
fn comment_text(tag: &str) -> Option<Range<usize>> {
    if tag.starts_with("{{!--") && tag.ends_with("--}}") && tag.len() >= 9 {
        Some(5..tag.len() - 4)
    } else if tag.starts_with("{{!") {
        Some(3..tag.len() - 2)
    } else {
        None
    }
}

/// Walks a template parsed from folded text, restoring runs and positions.
struct Unfolder<'f> {
    folded: &'f Folded<'f>,
    folded_lines: Lines<'f>,
    source_lines: Lines<'f>,
    restored: Vec<bool>,
}

impl Unfolder<'_> {
    fn template(&mut self, template: &mut Template) -> bool {
        if template.elements.len() != template.mapping.len() {
            return false;
        }
        let elements = std::mem::take(&mut template.elements);
        let mappings = std::mem::take(&mut template.mapping);
        for (mut element, mut mapping) in elements.into_iter().zip(mappings) {
            let Some((line, column)) = self.position(mapping.0, mapping.1) else {
                return false;
            };
            (mapping.0, mapping.1) = (line, column);
            let nested = match &mut element {
                TemplateElement::RawString(text) if text.contains(EXPRESSION_MARK) => {
                    if !self.split(text, mapping, template) {
                        return false;
                    }
                    continue;
                }
                TemplateElement::RawString(text) => {
                    if !self.restore(RunKind::Text, text) {
                        return false;
                    }
                    [None, None]
                }
                TemplateElement::Comment(text) => {
                    if !self.restore(RunKind::Comment, text) {
                        return false;
                    }
                    [None, None]
                }
                TemplateElement::Expression(helper)
                | TemplateElement::HtmlExpression(helper)
                | TemplateElement::HelperBlock(helper) => {
                    [helper.template.as_mut(), helper.inverse.as_mut()]
                }
                TemplateElement::DecoratorExpression(decorator)
                | TemplateElement::DecoratorBlock(decorator)
                | TemplateElement::PartialExpression(decorator)
                | TemplateElement::PartialBlock(decorator) => [decorator.template.as_mut(), None],
                // Anything newer holds no text of ours; a marker there stays unaccounted for
                // and the whole fold is dropped.
                _ => [None, None],
            };
            for nested in nested.into_iter().flatten() {
                if !self.template(nested) {
                    return false;
                }
            }
            template.elements.push(element);
            template.mapping.push(mapping);
        }
        true
    }

    /// Pushes to `template` the elements the parser builds for `text` with its folded
    /// expressions: the text before each, the expression, the text after it. `mapping` is the
    /// text's (source) position.
    fn split(&mut self, text: &str, mapping: TemplateMapping, template: &mut Template) -> bool {
        let mut parts = text.split(EXPRESSION_MARK);
        let mut before = parts.next().unwrap_or_default().to_owned();
        if !self.restore(RunKind::Text, &mut before) {
            return false;
        }
        template.elements.push(TemplateElement::RawString(before));
        template.mapping.push(mapping.clone());
        while let Some(index) = parts.next() {
            let Some(index) = index.parse::<usize>().ok() else {
                return false;
            };
            let Some(run) = self.folded.runs.get(index) else {
                return false;
            };
            if run.kind != RunKind::Expression || std::mem::replace(&mut self.restored[index], true)
            {
                return false;
            }
            let tag = &self.folded.source[run.source.clone()];
            let Some(expression) = tag.get(2..tag.len() - 2).and_then(expression_element) else {
                return false;
            };
            let Some(after) = parts.next() else {
                return false;
            };
            let mut after = after.to_owned();
            if !self.restore(RunKind::Text, &mut after) {
                return false;
            }
            // The parser skips whitespace between elements: the text's position is that of
            // its first other character.
            let after_start = run.source.end
                + self.folded.source.as_bytes()[run.source.end..]
                    .iter()
                    .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
                    .count();
            for (element, offset) in [
                (expression, run.source.start),
                (TemplateElement::RawString(after), after_start),
            ] {
                let mut position = mapping.clone();
                (position.0, position.1) = self.source_lines.line_col(offset);
                template.elements.push(element);
                template.mapping.push(position);
            }
        }
        true
    }

    /// Replaces each marker in `text` by its run; `false` on a marker that is malformed,
    /// unknown, already restored or of another kind.
    fn restore(&mut self, kind: RunKind, text: &mut String) -> bool {
        if !text.contains(MARK) {
            return true;
        }
        let mut restored = String::with_capacity(text.len());
        let mut parts = text.split(MARK);
        restored.push_str(parts.next().unwrap_or_default());
        while let Some(index) = parts.next() {
            let Some(index) = index.parse::<usize>().ok() else {
                return false;
            };
            let Some(run) = self.folded.runs.get(index).filter(|run| run.kind == kind) else {
                return false;
            };
            if std::mem::replace(&mut self.restored[index], true) {
                return false;
            }
            restored.push_str(&self.folded.source[run.source.clone()]);
            let Some(after) = parts.next() else {
                return false;
            };
            restored.push_str(after);
        }
        *text = restored;
        true
    }

    /// The source position of a (line, column) in the folded text; `None` inside a marker.
    fn position(&self, line: usize, column: usize) -> Option<(usize, usize)> {
        let offset = self.folded_lines.offset(line, column)?;
        let runs = &self.folded.runs;
        let before = runs.partition_point(|run| run.marker.end <= offset);
        if runs
            .get(before)
            .is_some_and(|run| run.marker.start < offset)
        {
            return None;
        }
        let source_offset = match before.checked_sub(1).map(|last| &runs[last]) {
            Some(run) => run.source.end + (offset - run.marker.end),
            None => offset,
        };
        Some(self.source_lines.line_col(source_offset))
    }
}

/// Line and column arithmetic as the parser counts: lines end at `\n` (so `\r\n` is one
/// break), columns count characters, both from 1.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
            .collect();
        Self { text, starts }
    }

    /// The byte offset of a (line, column), if the text has it.
    fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let skip = column.checked_sub(1)?;
        let within = match rest.char_indices().nth(skip) {
            Some((at, _)) => at,
            None if rest.chars().count() == skip => rest.len(),
            None => return None,
        };
        Some(start + within)
    }

    /// The (line, column) of a byte offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|start| *start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |text| text.chars().count());
        (line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the parser builds from the source as it is.
    fn plain(source: &str) -> Result<Template, TemplateError> {
        Template::compile_with_name(source, "t".to_owned())
    }

    #[test]
    fn every_built_in_template_folds_and_parses_to_the_same_template() {
        let mut folded = 0;
        for (path, source) in crate::files::TemplateFiles::builtin().iter() {
            let expected = plain(source).expect("the built-in templates parse");
            if let Some(template) = compile_folded(source, "t") {
                assert_eq!(template, expected, "{path}");
                folded += 1;
            } else {
                assert!(
                    Folded::new(source).is_none(),
                    "{path}: folded but not put back"
                );
            }
            assert_eq!(compile(source, "t".to_owned()).ok(), Some(expected));
        }
        assert!(folded >= 30, "only {folded} built-in templates fold");
    }

    #[test]
    fn folding_leaves_the_parser_a_fraction_of_the_email_layout() {
        let files = crate::files::TemplateFiles::builtin();
        let source = files
            .get("partials/email-layout.hbs")
            .expect("the built-in layout");
        let folded = Folded::new(source).expect("the layout folds");
        assert!(
            folded.text.len() * 10 < source.len(),
            "{} of {} bytes",
            folded.text.len(),
            source.len()
        );
    }

    #[test]
    fn whitespace_control_standalone_tags_comments_and_partials_survive_folding() {
        let sources = [
            "Dear customer of our shop,\n  {{#if x}}\n  some long conditional text here\n  {{else}}\n\tother long text for the else branch\r\n  {{/if}}\nthe end of the whole thing\n",
            "a long line of text before the tag   {{~x~}}   and a long line of text after it",
            "  the first line that is long enough\n  {{> p}}\n  the last line that is long enough  ",
            "{{#> layout title=\"a }} b\"}}\nlong text inside the partial block\n{{/layout}}",
            "{{{triple}}} followed by a long enough run}} with a stray close",
            "{{[odd }} key]}} followed by a long enough run of text",
            "text with unicode ü ß — and a non-breaking\u{a0}space {{x}}\u{a0}long text after\u{a0}",
            "{{#each list}}a long enough item text {{this}} more item text{{/each}}",
            "{{! a short comment that is long }}text after a comment{{!-- a long }} comment\n over lines --}}more text after that",
            "  {{!-- a standalone comment on its own line --}}\n  the text after the comment line\n",
            "a long text ending in a lone carriage return\r{{x}} and a long text after it\r\n",
        ];
        for source in sources {
            let expected = plain(source).expect("parses");
            assert!(Folded::new(source).is_some(), "{source:?} folds");
            assert_eq!(
                compile_folded(source, "t").as_ref(),
                Some(&expected),
                "{source:?}"
            );
        }
    }

    #[test]
    fn sources_the_scan_does_not_follow_are_parsed_as_they_are() {
        for source in [
            "{{{{raw}}}} a long enough raw block text {{{{/raw}}}}",
            "a long enough text before an escaped tag \\{{escaped}}",
            "a long enough text with the marker \u{E000} in it {{x}}",
            "short {{#if x}}text{{/if}}",
            "{{!--{{!-- a comment whose text starts with an opener --}}",
        ] {
            assert!(Folded::new(source).is_none(), "{source:?}");
            assert_eq!(compile(source, "t".to_owned()).ok(), plain(source).ok());
        }
    }

    #[test]
    fn a_plain_expression_between_text_folds_and_others_do_not() {
        let folds = |source: &str| {
            Folded::new(source).is_some_and(|folded| folded.text.contains(EXPRESSION_MARK))
        };
        for source in [
            "Hi {{name}}!",
            "Hi{{user.given_name}}!",
            "<p>{{a}}</p>{{#if b}}x {{c_d.e2}}\ny{{/if}}",
            "a {{x}}\n  b",
            "a{{x}}b{{y}}c",
        ] {
            assert!(folds(source), "{source:?} folds");
            assert_eq!(
                compile_folded(source, "t"),
                plain(source).ok(),
                "{source:?}"
            );
        }
        for source in [
            "{{name}} at the start",
            "at the end {{name}}",
            "a {{x}} {{y}} b",
            "a\n{{x}}\n{{#if y}}\n",
            "a{{x~}}b",
            "a{{~x}}b",
            "a{{else}}b",
            "a{{this.x}}b",
            "a{{x.true}}b",
            "a{{{x}}}b",
            "a{{x y}}b",
            "a{{ x }}b",
            "a{{@index}}b",
            "a{{x-y}}b",
            "a{{9x}}b",
            "a{{x..y}}b",
            "{{~#if x~}}a{{x}}a{{!-- comment --}} {{~/if~}}",
        ] {
            assert!(!folds(source), "{source:?} does not fold");
            assert_eq!(
                compile(source, "t".to_owned()).ok(),
                plain(source).ok(),
                "{source:?}"
            );
        }
    }

    #[test]
    fn a_marker_out_of_place_drops_the_fold() {
        let source = "{{x}}a long enough text that the scan folds{{y}}";
        let folded = Folded::new(source).expect("folds");
        let marker = &folded.text[folded.runs[0].marker.clone()];
        let mut template =
            Template::compile_with_name(&folded.text, "t".to_owned()).expect("parses");
        assert_eq!(
            template.elements[1],
            TemplateElement::RawString(marker.to_owned())
        );
        template.elements[1] = TemplateElement::Comment(marker.to_owned());
        assert!(!folded.unfold(&mut template), "a text marker in a comment");

        let mut twice =
            Template::compile_with_name(format!("{marker}{{{{x}}}}{marker}"), "t".to_owned())
                .expect("parses");
        assert!(!folded.unfold(&mut twice), "a marker restored twice");

        let mut missing =
            Template::compile_with_name("{{x}}{{y}}", "t".to_owned()).expect("parses");
        assert!(!folded.unfold(&mut missing), "a marker missing");
    }

    #[test]
    fn parse_errors_are_the_sources() {
        for source in [
            "a long enough line of text\nanother long enough line {{#if x}}\nno end",
            "{{!-- a long enough comment\n over two lines --}}\nHi {{#if x}}\n",
            "a long enough line of text {{x",
        ] {
            let error = compile(source, "t".to_owned()).expect_err("broken");
            let expected = plain(source).expect_err("broken");
            assert_eq!(error.to_string(), expected.to_string());
            assert_eq!(error.pos(), expected.pos());
        }
    }

    mod generated {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;
        use proptest::sample::select;

        const TEXT: &[&str] = &[
            "a long enough piece of plain text",
            "<p style=\"margin:0 0 16px 0;\">Hallo</p>",
            "short",
            "ü ß — ✓",
            " ",
            "  ",
            "\t",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "\u{a0}",
            "}",
            "{",
            "}}",
            "]",
            "\"",
            "'",
            "\\",
        ];

        const TAGS: &[&str] = &[
            "{{x}}",
            "{{~x}}",
            "{{x~}}",
            "{{{x}}}",
            "{{~{x}~}}",
            "{{&x}}",
            "{{> p}}",
            "{{> p title=\"a }} b\"}}",
            "{{> @partial-block}}",
            "{{!-- comment --}}",
            "{{!-- a long enough comment }} over\n two lines --}}",
            "{{! comment }}",
            "{{! a long enough compact comment }}",
            "{{!-- {{!-- an opener inside a long enough comment --}}",
            "{{lookup a 'k}}'}}",
            "{{[a }} b]}}",
            "{{helper (sub a) b=\"c\"}}",
            "{{*decorator}}",
            "{{codeParameter}}",
            "{{user.given_name}}",
            "{{a.b_c.d}}",
            "{{this.x}}",
            "{{x.else}}",
        ];

        /// Block tags: opening, closing, and whether `{{else}}` may stand inside.
        const BLOCKS: &[(&str, &str, bool)] = &[
            ("{{#if x}}", "{{/if}}", true),
            ("{{~#if x~}}", "{{~/if~}}", true),
            ("{{#unless y}}", "{{/unless}}", true),
            ("{{#each items as |item i|}}", "{{/each}}", true),
            ("{{#with z}}", "{{/with}}", false),
            ("{{#> layout title=\"a }} b\"}}", "{{/layout}}", false),
            ("{{#*inline \"name\"}}", "{{/inline}}", false),
        ];

        const NOISE: &[&str] = &[
            "{{",
            "{{#if}}",
            "{{/if}}",
            "{{else}}",
            "\\{{x}}",
            "{{{{raw}}}}",
            "{{{{/raw}}}}",
        ];

        fn text() -> impl Strategy<Value = String> {
            vec(select(TEXT), 0..6).prop_map(|pieces| pieces.concat())
        }

        /// A plain expression with text, whitespace or nothing on either side.
        fn embedded_expression() -> impl Strategy<Value = String> {
            const EXPRESSIONS: &[&str] = &["{{x}}", "{{user.given_name}}", "{{a.b_c.d}}"];
            const SIDES: &[&str] = &[
                "",
                "a",
                "<p>",
                "ü",
                " ",
                "\n",
                "x ",
                " x",
                "}",
                "{",
                "long enough text",
            ];
            (select(SIDES), select(EXPRESSIONS), select(SIDES))
                .prop_map(|(before, expression, after)| format!("{before}{expression}{after}"))
        }

        /// Well-formed templates: text, tags and nested blocks, so most cases parse and fold.
        fn template() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                text(),
                select(TAGS).prop_map(str::to_owned),
                embedded_expression(),
            ];
            leaf.prop_recursive(3, 32, 6, |inner| {
                let body = vec(inner, 0..6).prop_map(|parts| parts.concat());
                (
                    select(BLOCKS),
                    body.clone(),
                    proptest::option::of(body),
                    text(),
                )
                    .prop_map(|((open, close, inverse), then, otherwise, gap)| {
                        let otherwise = otherwise
                            .filter(|_| inverse)
                            .map(|otherwise| format!("{{{{else}}}}{gap}{otherwise}"))
                            .unwrap_or_default();
                        format!("{open}{gap}{then}{otherwise}{close}")
                    })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1024))]

            #[test]
            fn folding_never_changes_a_parsed_template(
                parts in vec(template(), 1..6)
            ) {
                let source = parts.concat();
                prop_assert_eq!(compile(&source, "t".to_owned()).ok(), plain(&source).ok());
            }

            #[test]
            fn folding_never_changes_what_a_broken_template_parses_to(
                pieces in vec(select([TEXT, TAGS, NOISE].concat()), 0..40)
            ) {
                let source = pieces.concat();
                let expected = plain(&source).map_err(|error| error.to_string());
                let actual = compile(&source, "t".to_owned()).map_err(|error| error.to_string());
                prop_assert_eq!(actual, expected);
            }
        }
    }
}
