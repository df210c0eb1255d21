//! Encoding 16-bit mono PCM into files: WAV (`hound`), MP3 (LAME through
//! `mp3lame-encoder`), Ogg Vorbis (`vorbis_rs`).

use std::io::Cursor;
use std::path::Path;

use crate::SpeechError;

/// An audio file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AudioFormat {
    /// RIFF WAVE, 16-bit PCM mono: lossless, large.
    Wav,
    /// MPEG-2 Layer III, 64 kbit/s mono: plays in every browser.
    Mp3,
    /// Ogg Vorbis, quality ~0.3: smaller than MP3 at the same quality.
    Ogg,
}

impl AudioFormat {
    /// From a file extension (`"wav"`, `"mp3"`, `"ogg"`/`"oga"`), any case.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "wav" | "wave" => Some(Self::Wav),
            "mp3" => Some(Self::Mp3),
            "ogg" | "oga" => Some(Self::Ogg),
            _ => None,
        }
    }

    /// From a path's extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_extension)
    }

    /// From a MIME type (`audio/mpeg`, `audio/wav`, `audio/ogg; codecs=vorbis`).
    pub fn from_mime(mime: &str) -> Option<Self> {
        let essence = mime
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "audio/wav" | "audio/wave" | "audio/x-wav" | "audio/vnd.wave" => Some(Self::Wav),
            "audio/mpeg" | "audio/mp3" => Some(Self::Mp3),
            "audio/ogg" | "application/ogg" | "audio/vorbis" => Some(Self::Ogg),
            _ => None,
        }
    }

    /// The MIME type to serve this format with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Wav => "audio/wav",
            Self::Mp3 => "audio/mpeg",
            Self::Ogg => "audio/ogg",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Wav => "wav",
            Self::Mp3 => "mp3",
            Self::Ogg => "ogg",
        }
    }
}

impl std::str::FromStr for AudioFormat {
    type Err = SpeechError;
    fn from_str(s: &str) -> Result<Self, SpeechError> {
        Self::from_extension(s)
            .or_else(|| Self::from_mime(s))
            .ok_or_else(|| {
                SpeechError::Encode(format!("unknown audio format {s:?} (use wav, mp3 or ogg)"))
            })
    }
}

pub(crate) fn encode(
    samples: &[i16],
    rate: u32,
    format: AudioFormat,
) -> Result<Vec<u8>, SpeechError> {
    if format == AudioFormat::Wav {
        return wav(samples, rate);
    }
    let mut e = StreamEncoder::new(format, rate)?;
    e.push(samples)?;
    e.finish()
}

/// An encoder fed block by block, so encoding can run while later blocks
/// are still being synthesised. Not `Send` (libvorbis state): create it on
/// the thread that uses it.
pub(crate) enum StreamEncoder {
    /// WAV needs the length up front: samples are kept and written at the end.
    Wav(Vec<i16>, u32),
    /// LAME, with the bytes produced so far.
    Mp3(Box<mp3lame_encoder::Encoder>, Vec<u8>),
    /// libvorbis writing into an owned buffer.
    Ogg(Box<vorbis_rs::VorbisEncoder<Vec<u8>>>),
}

fn mp3_err(what: &str, err: impl std::fmt::Display) -> SpeechError {
    SpeechError::Encode(format!("MP3 {what}: {err}"))
}

fn ogg_err(err: vorbis_rs::VorbisError) -> SpeechError {
    SpeechError::Encode(format!("Ogg Vorbis: {err}"))
}

impl StreamEncoder {
    pub(crate) fn new(format: AudioFormat, rate: u32) -> Result<Self, SpeechError> {
        Ok(match format {
            AudioFormat::Wav => StreamEncoder::Wav(Vec::new(), rate),
            AudioFormat::Mp3 => {
                use mp3lame_encoder::{Bitrate, Builder, Quality};
                let mut b =
                    Builder::new().ok_or_else(|| mp3_err("init", "LAME could not allocate"))?;
                b.set_num_channels(1).map_err(|x| mp3_err("channels", x))?;
                b.set_sample_rate(rate)
                    .map_err(|x| mp3_err("sample rate", x))?;
                b.set_brate(Bitrate::Kbps64)
                    .map_err(|x| mp3_err("bitrate", x))?;
                // LAME's algorithm quality 7 ("ok"): half the time of 5
                // ("good") and a ninth of 0 on espeak's speech (measured: 90
                // vs 170 vs 750 ms for 23 s), with no audible loss at 64
                // kbit/s: the bitrate, not the psychoacoustic search, is what
                // matters for a 22 kHz synthetic voice.
                b.set_quality(Quality::Ok)
                    .map_err(|x| mp3_err("quality", x))?;
                let enc = b.build().map_err(|x| mp3_err("build", x))?;
                StreamEncoder::Mp3(Box::new(enc), Vec::new())
            }
            AudioFormat::Ogg => {
                use std::num::{NonZeroU8, NonZeroU32};
                use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoderBuilder};
                let rate = NonZeroU32::new(rate)
                    .ok_or_else(|| SpeechError::Encode("sample rate 0".into()))?;
                let mut builder = VorbisEncoderBuilder::new_with_serial(
                    rate,
                    NonZeroU8::MIN,
                    Vec::new(),
                    0x6b68_6c73,
                );
                builder.bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr {
                    target_quality: 0.3,
                });
                StreamEncoder::Ogg(Box::new(builder.build().map_err(ogg_err)?))
            }
        })
    }

    /// Encodes the next block of samples.
    pub(crate) fn push(&mut self, samples: &[i16]) -> Result<(), SpeechError> {
        match self {
            StreamEncoder::Wav(all, _) => all.extend_from_slice(samples),
            StreamEncoder::Mp3(enc, out) => {
                use mp3lame_encoder::MonoPcm;
                // In slices so each call's output bound stays modest.
                for part in samples.chunks(1 << 16) {
                    out.reserve(mp3lame_encoder::max_required_buffer_size(part.len()));
                    enc.encode_to_vec(MonoPcm(part), out)
                        .map_err(|x| mp3_err("encode", x))?;
                }
            }
            StreamEncoder::Ogg(enc) => {
                let floats: Vec<f32> = samples.iter().map(|&s| s as f32 / 32768.0).collect();
                for block in floats.chunks(4096) {
                    enc.encode_audio_block([block]).map_err(ogg_err)?;
                }
            }
        }
        Ok(())
    }

    /// The bytes written so far, where the format writes as it goes (MP3);
    /// a later push or [`finish`](Self::finish) only appends to them.
    pub(crate) fn bytes_so_far(&self) -> Option<&[u8]> {
        match self {
            StreamEncoder::Mp3(_, out) => Some(out),
            _ => None,
        }
    }

    /// Flushes and returns the complete file.
    pub(crate) fn finish(self) -> Result<Vec<u8>, SpeechError> {
        match self {
            StreamEncoder::Wav(all, rate) => wav(&all, rate),
            StreamEncoder::Mp3(mut enc, mut out) => {
                use mp3lame_encoder::FlushNoGap;
                out.reserve(7200);
                enc.flush_to_vec::<FlushNoGap>(&mut out)
                    .map_err(|x| mp3_err("flush", x))?;
                Ok(out)
            }
            StreamEncoder::Ogg(enc) => enc.finish().map_err(ogg_err),
        }
    }
}

fn wav(samples: &[i16], rate: u32) -> Result<Vec<u8>, SpeechError> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut buf = Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    let e = |e: hound::Error| SpeechError::Encode(format!("WAV: {e}"));
    let mut w = hound::WavWriter::new(&mut buf, spec).map_err(e)?;
    {
        let mut w16 = w.get_i16_writer(samples.len() as u32);
        for &s in samples {
            w16.write_sample(s);
        }
        w16.flush().map_err(e)?;
    }
    w.finalize().map_err(e)?;
    Ok(buf.into_inner())
}
