; NOT BUILT OR RUN ON THE RELEASE MACHINE (Linux): Inno Setup runs on Windows only. Written
; and reviewed against the Inno Setup 6 documentation; build and check it on Windows with the
; steps below before the first Windows release (docs/release-checklist.md).
;
; TradingTools Desktop: per-user Windows installer (no administrator rights).
;
; Build, on Windows, from the project folder:
;   py -3.12 -m venv .venv
;   .venv\Scripts\pip install -e .[bundle]
;   .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\tradingtools.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\tradingtools.iss
; -> dist\TradingTools-0.1.0-windows-x64-setup.exe
;
; Installs dist\TradingTools\ (TradingTools.exe = the app, tradingtools-cli.exe = the CLI,
; _internal\) into %LOCALAPPDATA%\Programs\TradingTools, adds a Start menu entry (and, if
; ticked, a desktop shortcut) and an uninstaller (Settings > Apps, or the Start menu).
; User data is NOT in the install folder: profiles, keys and backups live in
; %APPDATA%\TradingTools (or %TRADINGTOOLS_HOME%). Neither installing, upgrading nor
; uninstalling touches them: there is deliberately no [UninstallDelete] entry for them.
; Upgrading = running a newer setup.exe over the old one (same AppId); the profile DB
; migrates on first start after a backup (docs/upgrade.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "TradingTools"
#define AppExe "TradingTools.exe"

[Setup]
; never change AppId: upgrades and the uninstaller find the installed copy by it
AppId={{6F1C2B7E-3D4A-4E8B-9C55-7A0D2E91B4C3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=TradingTools
VersionInfoVersion={#AppVersion}
; per-user: {autopf} resolves to %LOCALAPPDATA%\Programs with the lowest privileges
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
SetupIconFile=tradingtools.ico
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; a running copy holds its files open: ask to close it (the app shuts down cleanly on
; WM_CLOSE: services stop and the DB is checkpointed)
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Vietnamese messages file; the app itself speaks Vietnamese

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the bundle whole (no stale libraries from the previous version);
; only {app} is touched, never the data dir
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\TradingTools\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Local trading for HOSE, HNX and UPCOM"
Name: "{autoprograms}\{#AppName} (uninstall)"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; nothing: the uninstaller removes {app} and the shortcuts only

[Code]
// Say where the user's data is and that it stays, at the end of the uninstall.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    if not UninstallSilent then
      MsgBox('TradingTools was removed. Your profiles, keys and backups were kept in ' +
             ExpandConstant('{userappdata}') + '\TradingTools. Delete that folder yourself ' +
             'if you no longer need them.', mbInformation, MB_OK);
end;
