"""The phone line (issue 8): audio in → VAD → recogniser → bot → TTS out. Not built yet."""
