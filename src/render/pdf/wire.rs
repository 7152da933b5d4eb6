//! What wafr and its typesetting child (`super::isolate`) say to each other: the [`Job`] on the
//! child's standard input, its result on its standard output. Both ends are the same
//! executable, so the format needs no versioning beyond a tag: a sequence of fields, each a
//! length (8 bytes, little-endian) and its bytes; a number is the 8 bytes alone. One child
//! typesets one job after another, so each job and each result travels as a frame: its length
//! (8 bytes) and its bytes ([`write_frame`], [`read_frame`]).

use std::io::{Read, Write};
use std::time::Duration;

use super::document::{Compiled, Document, MAIN};
use super::standard::PdfStandard;
use super::typeset::Job;
use crate::error::{Diagnostic, Error, Result};
use crate::render::seam::Warning;
use crate::render::templates::{TemplateFile, TemplateSet};
use crate::textfmt::Named;

/// First field of a job and of a result.
const TAG: &[u8] = b"wafr-typeset-1";

/// Fields written one after the other.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, n: u64) -> &mut Self {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.num(b.len() as u64);
        self.0.extend_from_slice(b);
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }
}

/// Fields read back in order; `None` on a short or malformed message.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn num(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*head))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.num()?).ok()?;
        let (field, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(field)
    }

    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    /// A count of items that each take at least 8 bytes: never more than can follow.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n <= self.0.len() / 8).then_some(n)
    }

    fn tag(&mut self) -> Option<()> {
        (self.bytes()? == TAG).then_some(())
    }

    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

/// The most a frame may hold: 4 GiB (a job is the data of at most a few thousand workloads,
/// tens of megabytes; a result, one PDF).
const MAX_FRAME: u64 = 4 << 30;

/// Writes `payload` as one frame: its length, then its bytes.
pub(super) fn write_frame(to: &mut impl Write, payload: &[u8]) -> std::io::Result<()> {
    to.write_all(&(payload.len() as u64).to_le_bytes())?;
    to.write_all(payload)?;
    to.flush()
}

/// Reads one frame: `Ok(None)` when the stream ends before it starts (the other side is done);
/// an error when it ends inside one, or the length is past [`MAX_FRAME`].
pub(super) fn read_frame(from: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = [0u8; 8];
    let mut got = 0;
    while got < head.len() {
        match from.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u64::from_le_bytes(head);
    if len > MAX_FRAME {
        return Err(std::io::Error::other(format!("a frame of {len} bytes")));
    }
    let mut payload = Vec::new();
    from.take(len).read_to_end(&mut payload)?;
    if payload.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(payload))
}

/// A job and the time limit (the child stops itself a little after it, should wafr be gone).
pub(super) fn encode_job(job: &Job, time: Duration) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(TAG);
    let files: Vec<(&str, &TemplateFile)> = job.templates.files().collect();
    w.num(files.len() as u64);
    for (rel, f) in files {
        w.text(rel).text(&f.origin).bytes(&f.bytes);
    }
    match &job.logo {
        Some(logo) => w.num(1).bytes(logo),
        None => w.num(0),
    };
    let d = &job.doc;
    w.text(job.standard.name())
        .text(d.main)
        .bytes(&d.data)
        .num(u64::from(d.date.to_julian_day().cast_unsigned()))
        .text(&d.ident)
        .text(&d.creator)
        .num(u64::try_from(time.as_millis()).unwrap_or(u64::MAX));
    w.0
}

/// The job [`encode_job`] wrote, with its time limit.
pub(super) fn decode_job(bytes: &[u8]) -> Option<(Job, Duration)> {
    let mut r = Reader(bytes);
    r.tag()?;
    let mut files = Vec::new();
    for _ in 0..r.count()? {
        let rel = r.text()?;
        let origin = r.text()?;
        let bytes = r.bytes()?.to_vec();
        files.push((rel, TemplateFile { bytes, origin }));
    }
    let logo = match r.num()? {
        0 => None,
        _ => Some(r.bytes()?.to_vec()),
    };
    let standard = PdfStandard::from_name(&r.text()?)?;
    let main = r.text()?;
    // The document's main template is one of the two wafr knows.
    let main = [MAIN, super::portfolio::MAIN]
        .into_iter()
        .find(|m| *m == main)?;
    let data = r.bytes()?.to_vec();
    let day = u32::try_from(r.num()?).ok()?.cast_signed();
    let date = time::Date::from_julian_day(day).ok()?;
    let doc = Document {
        main,
        data,
        date,
        ident: r.text()?,
        creator: r.text()?,
    };
    let time = Duration::from_millis(r.num()?);
    r.end()?;
    let templates = TemplateSet::from_files(files);
    Some((
        Job {
            templates,
            logo,
            standard,
            doc,
        },
        time,
    ))
}

/// What typesetting gave: the PDF with its warnings, or the error.
pub(super) fn encode_result(result: &Result<Compiled>) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes(TAG);
    match result {
        Ok(c) => {
            w.num(0)
                .bytes(&c.pdf)
                .num(c.pages as u64)
                .num(c.warnings.len() as u64);
            for warning in &c.warnings {
                match warning {
                    Warning::Template(t) => w.num(0).text(t),
                    Warning::Text(t) => w.num(1).text(t),
                };
            }
        }
        Err(Error::Template { name, detail }) => {
            w.num(1).text(name).text(detail);
        }
        Err(Error::Invalid { what, problems }) => {
            let problems = serde_json::to_vec(problems).unwrap_or_default();
            w.num(2).text(what).bytes(&problems);
        }
        Err(Error::Usage(m)) => {
            w.num(3).text(m);
        }
        Err(Error::Internal(m)) => {
            w.num(4).text(m);
        }
        Err(e) => {
            w.num(4).text(&e.to_string());
        }
    }
    w.0
}

/// The result [`encode_result`] wrote.
pub(super) fn decode_result(bytes: &[u8]) -> Option<Result<Compiled>> {
    let mut r = Reader(bytes);
    r.tag()?;
    let result = match r.num()? {
        0 => {
            let pdf = r.bytes()?.to_vec();
            let pages = usize::try_from(r.num()?).ok()?;
            let mut warnings = Vec::new();
            for _ in 0..r.count()? {
                warnings.push(match r.num()? {
                    0 => Warning::Template(r.text()?),
                    _ => Warning::Text(r.text()?),
                });
            }
            Ok(Compiled {
                pdf,
                pages,
                warnings,
            })
        }
        1 => Err(Error::Template {
            name: r.text()?,
            detail: r.text()?,
        }),
        2 => Err(Error::Invalid {
            what: r.text()?,
            problems: serde_json::from_slice::<Vec<Diagnostic>>(r.bytes()?).ok()?,
        }),
        3 => Err(Error::Usage(r.text()?)),
        _ => Err(Error::Internal(r.text()?)),
    };
    r.end()?;
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::seam::RenderOptions;

    fn job() -> Job {
        let doc = Document {
            main: MAIN,
            data: b"{\"a\": 1}\n".to_vec(),
            date: time::macros::date!(2026 - 11 - 29),
            ident: "wafr-report:x".into(),
            creator: "wafr 0.1.0".into(),
        };
        let mut job = Job::new(&RenderOptions::default(), doc);
        job.logo = Some(b"\x89PNG".to_vec());
        job.standard = PdfStandard::A2bUa1;
        job
    }

    #[test]
    fn frames_come_back_one_by_one_and_a_cut_frame_is_an_error() {
        let mut stream = Vec::new();
        for payload in [&b"first"[..], b"", b"third"] {
            write_frame(&mut stream, payload).unwrap();
        }
        let mut r = stream.as_slice();
        assert_eq!(read_frame(&mut r).unwrap().as_deref(), Some(&b"first"[..]));
        assert_eq!(read_frame(&mut r).unwrap().as_deref(), Some(&b""[..]));
        assert_eq!(read_frame(&mut r).unwrap().as_deref(), Some(&b"third"[..]));
        // The end of the stream between frames: done.
        assert_eq!(read_frame(&mut r).unwrap(), None);
        // Inside the length or inside the bytes: an error, not a short frame.
        for cut in [3, 10] {
            let mut r = &stream[..cut];
            assert!(read_frame(&mut r).is_err(), "cut at {cut}");
        }
        let mut huge = (MAX_FRAME + 1).to_le_bytes().to_vec();
        huge.extend_from_slice(b"x");
        assert!(read_frame(&mut huge.as_slice()).is_err());
    }

    #[test]
    fn a_job_comes_back_as_it_went() {
        let j = job();
        let bytes = encode_job(&j, Duration::from_secs(7));
        let (back, time) = decode_job(&bytes).unwrap();
        assert_eq!(time, Duration::from_secs(7));
        assert_eq!(back.logo, j.logo);
        assert_eq!(back.standard, j.standard);
        assert_eq!(back.doc.main, j.doc.main);
        assert_eq!(back.doc.data, j.doc.data);
        assert_eq!(back.doc.date, j.doc.date);
        assert_eq!(back.doc.ident, j.doc.ident);
        assert_eq!(back.doc.creator, j.doc.creator);
        let files = |s: &TemplateSet| {
            s.files()
                .map(|(r, f)| (r.to_owned(), f.origin.clone(), f.bytes.clone()))
                .collect::<Vec<_>>()
        };
        assert!(!files(&j.templates).is_empty());
        assert_eq!(files(&back.templates), files(&j.templates));
        // Short, long or unknown messages are refused, never a panic.
        for cut in [0, 5, 20, bytes.len() - 1] {
            assert!(decode_job(&bytes[..cut]).is_none(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_job(&longer).is_none());
        let mut huge = bytes.clone();
        huge[TAG.len() + 8..TAG.len() + 16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode_job(&huge).is_none());
    }

    #[test]
    fn results_come_back_as_they_went() {
        let ok = Ok(Compiled {
            pdf: b"%PDF-1.7".to_vec(),
            pages: 3,
            warnings: vec![Warning::Template("t".into()), Warning::Text("x".into())],
        });
        let Some(Ok(c)) = decode_result(&encode_result(&ok)) else {
            panic!("not ok")
        };
        assert_eq!((c.pdf.as_slice(), c.pages), (&b"%PDF-1.7"[..], 3));
        assert_eq!(
            c.warnings,
            vec![Warning::Template("t".into()), Warning::Text("x".into())]
        );
        let errors = [
            Error::Template {
                name: "n".into(),
                detail: "d".into(),
            },
            Error::Invalid {
                what: "w".into(),
                problems: vec![Diagnostic::error("unprintable-in-pdfa", None, "m").with_hint("h")],
            },
            Error::Usage("u".into()),
            Error::Internal("i".into()),
        ];
        for e in errors {
            let text = e.to_string();
            let code = e.exit_code();
            let Some(Err(back)) = decode_result(&encode_result(&Err(e))) else {
                panic!("not an error")
            };
            assert_eq!((back.to_string(), back.exit_code()), (text, code));
        }
        assert!(decode_result(b"").is_none());
    }
}
