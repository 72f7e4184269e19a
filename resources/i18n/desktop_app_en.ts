<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ImportController</name>
    <message numerus="yes">
        <source>Reading %n file(s)…</source>
        <translation>
            <numerusform>Reading %n file…</numerusform>
            <numerusform>Reading %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n file(s); computing…</source>
        <translation>
            <numerusform>Imported %n file; computing…</numerusform>
            <numerusform>Imported %n files; computing…</numerusform>
        </translation>
    </message>
</context>
</TS>
