"""Readers and writers for reference file formats: pure text in, model out."""
