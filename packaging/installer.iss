; Inno Setup script: a per-user Windows installer for the one-folder build in dist\desktop-app.
; Build: packaging/build.sh on Windows, then  iscc /DAppVersion=0.1.0 packaging\installer.iss
; (the CI workflow does both). Output: dist\desktop-app-<version>-windows-setup.exe
; Per-user by default (no administrator rights needed in a shop's office PC); the user may choose
; an all-users install in the dialog. Saved as UTF-8 with BOM so the Chinese names survive.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "客服绩效工作台"
#define AppExe "desktop-app-bin.exe"

[Setup]
AppId={{6C1F6E52-3C0B-4F7B-9E1D-2B8C4D3A9F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=desktop-app
DefaultDirName={autopf}\desktop-app
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; "x64" (not 6.3's "x64compatible") so any Inno Setup 6 on the build machine accepts it
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
OutputDir=..\dist
OutputBaseFilename=desktop-app-{#AppVersion}-windows-setup
SetupIconFile=..\resources\icons\desktop-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\desktop-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
