"""The Textual shell: screens, widgets and the app that drives the engine."""
