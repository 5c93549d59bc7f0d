"""A tiny Piper-compatible voice for tests: the same ONNX inputs and outputs as a Piper VITS voice, but the
"speech" is a deterministic tone.

Inputs (as piper-tts 1.8.0 feeds them, `PiperVoice.phoneme_ids_to_audio`): `input` int64 [1, N] phoneme ids,
`input_lengths` int64 [1], `scales` float32 [3] (noise, length, noise_w). No `sid`: a one-speaker voice.
Output: `output` float32 [1, 1, T]. Every phoneme id becomes `SAMPLES_PER_ID` × length_scale samples of a sine
whose pitch is set by the id (`BASE_HZ` + `STEP_HZ` × id), so the audio's length is exactly proportional to
the number of ids and different phonemes give different audio.

The config (`.onnx.json`) has the fields piper reads: espeak voice "sv", phoneme type espeak, sample rate, and a
`phoneme_id_map` of its own covering what espeak-ng's Swedish voice produces (plus a few spare symbols).

Usage: python -m tests.support.tiny_piper_voice DIR   (writes DIR/sv_SE-tiny-test.onnx and .onnx.json)
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import onnx
from onnx import TensorProto, helper

SAMPLE_RATE = 22050
SAMPLES_PER_ID = 256  # one VITS hop; ≈ 11.6 ms per phoneme id at 22.05 kHz
BASE_HZ = 200.0
STEP_HZ = 20.0
AMPLITUDE = 0.5
OPSET = 15  # what piper's exporter uses
IR_VERSION = 8
VOICE_NAME = "sv_SE-tiny-test"

PAD, BOS, EOS = "_", "^", "$"
PUNCTUATION = " !'(),-.:;?\""
STRESS_AND_LENGTH = "ˈˌːʲ"
# espeak-ng "sv" phonemes (measured on the line's prompts and hard Swedish words), plus spares.
SWEDISH_PHONEMES = "abdefghijklmnoprstuvwxyzøœæɐɑɒɔɕɖəɛɡɧɪɭɳɵɾʂʃʈʉʊʏʒŋç"


def phoneme_id_map() -> dict[str, list[int]]:
    """Symbol → [id]; PAD must be 0, BOS 1, EOS 2 (what piper's `phonemes_to_ids` expects of a map)."""
    symbols = [PAD, BOS, EOS, *PUNCTUATION, *STRESS_AND_LENGTH, *SWEDISH_PHONEMES]
    assert len(set(symbols)) == len(symbols), "a symbol is listed twice"
    return {symbol: [index] for index, symbol in enumerate(symbols)}


def config(sample_rate: int = SAMPLE_RATE) -> dict:
    """The voice config in Piper's `.onnx.json` layout."""
    ids = phoneme_id_map()
    return {
        "dataset": "tiny-test",
        "audio": {"sample_rate": sample_rate, "quality": "test"},
        "espeak": {"voice": "sv"},
        "language": {"code": "sv_SE", "family": "sv", "region": "SE"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_map": {},
        "phoneme_id_map": ids,
        "num_symbols": len(ids),
        "num_speakers": 1,
        "speaker_id_map": {},
        "piper_version": "1.0.0",
    }


def _const(name: str, value: float | int | list[int], dtype: int) -> onnx.NodeProto:
    dims = [len(value)] if isinstance(value, list) else []
    values = value if isinstance(value, list) else [value]
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, dtype, dims, values))


def _nodes(sample_rate: int) -> list[onnx.NodeProto]:
    node = helper.make_node
    return [
        _const("axis0", [0], TensorProto.INT64),
        _const("one_i", 1, TensorProto.INT64),
        _const("zero_i", 0, TensorProto.INT64),
        _const("per_id_base", float(SAMPLES_PER_ID), TensorProto.FLOAT),
        _const("base_hz", BASE_HZ, TensorProto.FLOAT),
        _const("step_hz", STEP_HZ, TensorProto.FLOAT),
        _const("omega", 2.0 * math.pi / sample_rate, TensorProto.FLOAT),
        _const("amplitude", AMPLITUDE, TensorProto.FLOAT),
        _const("out_shape", [1, 1, -1], TensorProto.INT64),
        # samples per id = SAMPLES_PER_ID × length_scale (scales[1]); total = ids × that
        node("Squeeze", ["input", "axis0"], ["ids"]),
        node("Gather", ["scales", "one_i"], ["length_scale"]),
        node("Mul", ["per_id_base", "length_scale"], ["per_id"]),
        node("Cast", ["input_lengths"], ["count_f"], to=TensorProto.FLOAT),
        node("Mul", ["count_f", "per_id"], ["total_f"]),
        node("Floor", ["total_f"], ["total_floor"]),
        node("Cast", ["total_floor"], ["total_i"], to=TensorProto.INT64),
        node("Squeeze", ["total_i", "axis0"], ["total"]),
        node("Range", ["zero_i", "total", "one_i"], ["t"]),
        node("Cast", ["t"], ["t_f"], to=TensorProto.FLOAT),
        # which phoneme id each sample belongs to (clamped to the last one against rounding)
        node("Div", ["t_f", "per_id"], ["segment_f"]),
        node("Floor", ["segment_f"], ["segment_floor"]),
        node("Cast", ["segment_floor"], ["segment_i"], to=TensorProto.INT64),
        node("Sub", ["input_lengths", "one_i"], ["last"]),
        node("Min", ["segment_i", "last"], ["segment"]),
        node("Gather", ["ids", "segment"], ["symbol"]),
        node("Cast", ["symbol"], ["symbol_f"], to=TensorProto.FLOAT),
        # pitch from the id; time counted from the start of each segment keeps float32 phases small
        node("Mul", ["symbol_f", "step_hz"], ["pitch_step"]),
        node("Add", ["pitch_step", "base_hz"], ["pitch"]),
        node("Mul", ["segment_floor", "per_id"], ["segment_start"]),
        node("Sub", ["t_f", "segment_start"], ["local_t"]),
        node("Mul", ["local_t", "pitch"], ["cycles"]),
        node("Mul", ["cycles", "omega"], ["phase"]),
        node("Sin", ["phase"], ["wave"]),
        node("Mul", ["wave", "amplitude"], ["scaled"]),
        node("Reshape", ["scaled", "out_shape"], ["output"]),
    ]


def model(sample_rate: int = SAMPLE_RATE) -> onnx.ModelProto:
    """The ONNX graph, checked by onnx's checker."""
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    output = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "time"])
    graph = helper.make_graph(_nodes(sample_rate), "tiny_piper_voice", inputs, [output])
    built = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="vardlotsen-tests")
    built.ir_version = IR_VERSION
    onnx.checker.check_model(built, full_check=True)
    return built


def write_voice(directory: Path, sample_rate: int = SAMPLE_RATE, name: str = VOICE_NAME) -> Path:
    """Write `<name>.onnx` and `<name>.onnx.json` into `directory`; returns the .onnx path."""
    directory.mkdir(parents=True, exist_ok=True)
    onnx_path = directory / f"{name}.onnx"
    onnx_path.write_bytes(model(sample_rate).SerializeToString())
    Path(f"{onnx_path}.json").write_text(json.dumps(config(sample_rate), ensure_ascii=False, indent=1), "utf-8")
    return onnx_path


if __name__ == "__main__":
    print(write_voice(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
