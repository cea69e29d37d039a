"""Qt's own button texts (Cancel, Back, Next…) in the user's language.

Qt ships no Vietnamese catalogue for its standard buttons, so the dialogs and the wizard
set them from ours: call :func:`localise_buttons` after a dialog's buttons exist.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget, QWizard

from ..i18n import tr

_STANDARD = {
    QDialogButtonBox.StandardButton.Cancel: "Cancel",
    QDialogButtonBox.StandardButton.Ok: "OK",
    QDialogButtonBox.StandardButton.Close: "Close",
    QDialogButtonBox.StandardButton.Yes: "Yes",
    QDialogButtonBox.StandardButton.No: "No",
}
_WIZARD = {
    QWizard.WizardButton.BackButton: "< &Back",
    QWizard.WizardButton.NextButton: "&Next >",
    QWizard.WizardButton.FinishButton: "&Finish",
    QWizard.WizardButton.CancelButton: "Cancel",
    QWizard.WizardButton.CommitButton: "Commit",
}


def localise_buttons(root: QWidget) -> None:
    """Translate the standard buttons of every button box under ``root`` (and of a wizard)."""
    boxes = root.findChildren(QDialogButtonBox)
    if isinstance(root, QDialogButtonBox):
        boxes.append(root)
    for box in boxes:
        for which, text in _STANDARD.items():
            button = box.button(which)
            if button is not None:
                button.setText(tr(text))
    if isinstance(root, QWizard):
        for wizard_button, label in _WIZARD.items():
            root.setButtonText(wizard_button, tr(label))
