//! *Datenschutz*: what the app stores, where, who can read it, how the passphrase lock
//! protects it and how to delete it, in plain German; at the end a compact technical summary
//! for the authority's data protection officer (for the *Verzeichnis von
//! Verarbeitungstätigkeiten*).
//!
//! The page is static text. Every statement on it is a fact of the code, so a change to
//! storage (`storage`), the passphrase lock (`storage::envelope`, `storage::crypto`,
//! `app::lock`), the Content-Security-Policy (`index.html`, `.ci/postbuild.mjs`) or deleting
//! (`app::erase`) must be reflected here. Linked from the footer and from *Einstellungen*,
//! not from the navigation (see `app`).

use crate::app::router::PageLink;
use crate::app::routes::Page;
use crate::storage::schema::IDLE_LOCK_MINUTES;
use leptos::prelude::*;

/// The privacy notice and the technical summary for the data protection officer.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let default_idle_minutes = IDLE_LOCK_MINUTES.0;
    view! {
        <h1 tabindex="-1">"Datenschutz"</h1>
        <p class="lead">
            "Diese Seite erklärt, welche Daten die App speichert, wo sie liegen, wer sie lesen kann und wie Sie sie wieder löschen."
        </p>

        <section aria-labelledby="ds-kurz">
            <h2 id="ds-kurz">"Das Wichtigste in Kürze"</h2>
            <ul>
                <li>"Die App speichert keine Namen, Geburtsdaten, Anschriften, Telefonnummern oder Aktenzeichen und keinen freien Text."</li>
                <li>"Alle Daten liegen nur im Speicher dieses Browsers auf diesem Gerät. Es gibt keinen Server, an den die App Daten schickt."</li>
                <li>"Daten verlassen das Gerät nur als Datei, die Sie selbst herunterladen."</li>
                <li>"Mit dem Kennwortschutz sind die gespeicherten Daten verschlüsselt."</li>
            </ul>
        </section>

        <section aria-labelledby="ds-was">
            <h2 id="ds-was">"Was gespeichert wird"</h2>
            <p>"Die App speichert nur, was eine Regel oder der Bericht braucht:"</p>
            <ul>
                <li>
                    <strong>"Fälle: "</strong>
                    "ein zufälliger Fallcode (zum Beispiel 0A1B-2C3D) und dazu der Regionalbereich, der Träger, die Problemlagen und ihre Lebensbereiche, die Beteiligten, der Zugangsweg sowie Statuswechsel (aktiv, abgemeldet mit Grund, wieder aktiv), Übergaben und Umzüge in einen anderen Regionalbereich, jeweils mit Datum."
                </li>
                <li>
                    <strong>"Sonstige Beratungskontakte: "</strong>
                    "nur Strichlisten – wie viele Kontakte es je Monat, Träger und Verweis bzw. Ergebnis gab."
                </li>
                <li>
                    <strong>"Willkommensbesuche: "</strong>
                    "Datum, Stadtteil, Art des Zuzugs, Zahl der Kinder je Altersgruppe, über welche Angebote informiert und zu welchen eingeladen wurde, und ob ein weiterer Schritt nötig ist."
                </li>
                <li>
                    <strong>"Jahreszahlen (Baustein 3): "</strong>
                    "Aufenthaltserlaubnisse nach § 25a und § 25b AufenthG, Einbürgerungen und Stellenanteile, als Summen je Jahr."
                </li>
                <li>
                    <strong>"Regelwerk: "</strong>
                    "welcher Träger für welchen Bereich zuständig ist, die Auswahllisten und die Schwellenwerte."
                </li>
                <li>
                    <strong>"Einstellungen dieses Geräts: "</strong>
                    "für wen hier gearbeitet wird, eine zufällige Gerätekennung (zum Zusammenführen von Exporten), wann zuletzt exportiert wurde, welche Exportdateien übernommen wurden, die Einstellungen des Berichts und des Kennwortschutzes."
                </li>
            </ul>
            <p>
                "Jeder Eintrag hat außerdem eine zufällige Kennung und den Zeitpunkt, zu dem er erfasst wurde. Damit lassen sich die Daten mehrerer Geräte zusammenführen, ohne dass etwas doppelt gezählt wird."
            </p>
        </section>

        <section aria-labelledby="ds-nie">
            <h2 id="ds-nie">"Was nie gespeichert wird"</h2>
            <ul>
                <li>"Namen"</li>
                <li>"Geburtsdaten"</li>
                <li>"Anschriften"</li>
                <li>"Telefonnummern und E-Mail-Adressen"</li>
                <li>"Aktenzeichen anderer Stellen"</li>
                <li>"freier Text"</li>
            </ul>
            <p>
                "Die App hat keine Felder für freien Text, in die solche Angaben geschrieben werden könnten. Angaben werden aus Listen gewählt; eingegeben werden nur Datumsangaben und Zahlen. Das Kennwort und das Bestätigungswort beim Löschen werden nicht gespeichert."
            </p>
        </section>

        <section aria-labelledby="ds-wo">
            <h2 id="ds-wo">"Wo die Daten liegen"</h2>
            <ul>
                <li>
                    "Nur im lokalen Speicher („Local Storage“) dieses Browsers auf diesem Gerät. Ein anderer Browser oder ein anderes Gerät sieht sie nicht."
                </li>
                <li>
                    "Es gibt keinen Server für die Daten. Die App wird einmal geladen und läuft dann ganz im Browser, auch ohne Internet."
                </li>
                <li>
                    "Die Sicherheitsregeln der App (Content-Security-Policy) erlauben dem Browser keine Verbindungen zu anderen Servern als dem, von dem die App geladen wurde. Auch dorthin schickt die App keine Daten."
                </li>
                <li>
                    "Daten verlassen das Gerät nur, wenn Sie eine Datei herunterladen: die Exportdatei ("
                    <PageLink page=Page::Exchange>"Datenaustausch"</PageLink>
                    ") oder Tabellen des Berichts. Die Tabellen des Berichts enthalten nur Zahlen."
                </li>
            </ul>
        </section>

        <section aria-labelledby="ds-wer">
            <h2 id="ds-wer">"Wer die Daten lesen kann"</h2>
            <p>
                "Ohne Kennwortschutz: jede Person, die dieses Gerät mit diesem Browser-Profil öffnen kann. Sperren Sie das Gerät deshalb mit einer eigenen Anmeldung, wenn Sie es nicht benutzen."
            </p>
            <p>
                "Mit Kennwortschutz sind die gespeicherten Daten verschlüsselt. Ohne das Kennwort kann sie niemand lesen – auch nicht mit den Werkzeugen des Browsers oder mit einer Kopie der Browserdaten."
            </p>
        </section>

        <section aria-labelledby="ds-kennwort">
            <h2 id="ds-kennwort">"Der Kennwortschutz"</h2>
            <ul>
                <li>
                    "Sie richten ihn ein unter "
                    <PageLink page=Page::Settings>"Einstellungen"</PageLink>
                    " → Kennwortschutz."
                </li>
                <li>
                    "Verschlüsselt wird mit AES-256-GCM über die Verschlüsselung, die der Browser selbst mitbringt (Web Crypto API)."
                </li>
                <li>
                    "Der Schlüssel wird aus dem Kennwort berechnet: mit PBKDF2-SHA-256, 600.000 Wiederholungen und einem zufälligen Salt. Bei jedem Speichern wird ein neuer zufälliger Wert (Nonce) verwendet."
                </li>
                <li>
                    "Der Schlüssel liegt nur im Arbeitsspeicher, solange die App entsperrt ist. Weder das Kennwort noch der Schlüssel werden gespeichert."
                </li>
                <li>
                    "Die App sperrt sich nach einer Zeit ohne Eingabe (voreingestellt "
                    {default_idle_minutes}
                    " Minuten, in den Einstellungen änderbar) und sofort mit „Sperren“."
                </li>
                <li>
                    <strong>"Ein vergessenes Kennwort kann niemand wiederherstellen."</strong>
                    " Die Daten sind dann verloren. Exportieren Sie deshalb regelmäßig."
                </li>
                <li>
                    "Exportdateien können Sie auf dieselbe Weise verschlüsseln. Eine unverschlüsselte Exportdatei kann jede Person lesen, die sie hat."
                </li>
            </ul>
        </section>

        <section aria-labelledby="ds-pseudonym">
            <h2 id="ds-pseudonym">"Fallcodes sind Pseudonyme"</h2>
            <p>
                "Die App kennt keine Namen. Der Fallcode steht aber auch in der Papierakte des Falls. Wer beides zusammenbringt, weiß, welche Problemlagen eine bestimmte Person hat – darunter auch gesundheitliche."
            </p>
            <p>
                "Rechtlich sind die Fälle in der App deshalb pseudonymisierte personenbezogene Daten, zum Teil besonderer Kategorien (Gesundheitsdaten, Art. 9 DSGVO). Bitte:"
            </p>
            <ul>
                <li>"Bewahren Sie Papierakten und Gerät getrennt auf."</li>
                <li>"Richten Sie den Kennwortschutz ein und sperren Sie das Gerät, wenn Sie es nicht benutzen."</li>
                <li>"Geben Sie Exportdateien nur verschlüsselt oder auf einem sicheren Weg weiter."</li>
            </ul>
            <p>
                "Der Bericht enthält nur Zahlen. Für eine Veröffentlichung können Sie im Bericht kleine Zahlen schützen lassen."
            </p>
        </section>

        <section aria-labelledby="ds-sicherung">
            <h2 id="ds-sicherung">"Sicherungen"</h2>
            <p>
                "Die Daten liegen nur in diesem Browser. Damit sie nicht verloren gehen, wenn der Browser zurückgesetzt oder das Gerät getauscht wird, gibt es Sicherungen: eine Sicherung ist eine Exportdatei mit den Einstellungen des Berichts. Sie enthält dieselben Daten wie ein Export – keine Namen, Geburtsdaten oder Anschriften."
            </p>
            <ul>
                <li>
                    <strong>"Wo: "</strong>
                    "in einem Ordner, den Sie unter "
                    <PageLink page=Page::Settings>"Einstellungen"</PageLink>
                    " → Sicherung selbst verbinden (nur in Chrome, Edge und anderen Chromium-Browsern), zum Beispiel auf einem Netzlaufwerk oder USB-Stick; oder als Datei, die Sie mit „Jetzt sichern“ herunterladen. Ohne Ihre Wahl liest und schreibt die App in keinem Ordner."
                </li>
                <li>
                    <strong>"Wie viele: "</strong>
                    {format!("im Ordner die letzten {} Sicherungen dieses Geräts; ältere löscht die App selbst. Sicherungen anderer Geräte im selben Ordner lässt sie unberührt.", crate::storage::backup::KEEP_GENERATIONS)}
                </li>
                <li>
                    <strong>"Verschlüsselt: "</strong>
                    "wenn der Kennwortschutz eingeschaltet ist, mit dem Kennwort dieses Geräts – wie eine verschlüsselte Exportdatei. Ohne Kennwortschutz kann jede Person sie lesen, die Zugang zum Ordner hat: Wählen Sie einen Ordner, auf den nur Befugte zugreifen."
                </li>
                <li>
                    <strong>"Löschen: "</strong>
                    "Sicherungen liegen außerhalb des Browsers. „Alle Daten löschen“ und „Verbindung trennen“ löschen sie nicht; löschen Sie die Dateien „kim-sicherung-…“ im Ordner oder im Download-Ordner selbst."
                </li>
            </ul>
        </section>

        <section aria-labelledby="ds-loeschen">
            <h2 id="ds-loeschen">"Alle Daten löschen"</h2>
            <p>
                "Unter "
                <PageLink page=Page::Settings>"Einstellungen"</PageLink>
                " → Alle Daten löschen (ganz unten auf der Seite) löschen Sie alles, was die App in diesem Browser gespeichert hat. Die App startet danach wie auf einem neuen Gerät."
            </p>
            <p>
                "Exportierte Dateien sind davon nicht betroffen. Löschen Sie sie gesondert, zum Beispiel im Download-Ordner und auf USB-Sticks. Auch andere Geräte behalten ihre Daten."
            </p>
            <p>
                "Die Programmdateien der App, mit denen sie ohne Internet startet, können im Browser bleiben. Sie enthalten keine Daten."
            </p>
        </section>

        <section aria-labelledby="ds-dsb">
            <h2 id="ds-dsb">"Für die behördliche Datenschutzbeauftragte / den Datenschutzbeauftragten"</h2>
            <p>"Kurzbeschreibung für das Verzeichnis von Verarbeitungstätigkeiten:"</p>
            <dl class="facts">
                <dt>"Zweck"</dt>
                <dd>
                    "Aufnahmeprüfung im Kommunalen Integrationsmanagement (KIM), Fortschreibung pseudonymisierter Falldaten, Zählung sonstiger Beratungskontakte und Willkommensbesuche, Bericht an die Ausschüsse des Rates."
                </dd>
                <dt>"Kategorien der Daten"</dt>
                <dd>
                    "Pseudonymisierte Falldaten: zufälliger Fallcode, Regionalbereich, Träger, Problemlagen (teilweise Gesundheitsdaten, Art. 9 DSGVO), Beteiligte, Zugangsweg, Status, Übergaben und Umzüge mit Datum. Zählungen ohne Personenbezug: Beratungskontakte je Monat, Träger und Verweis; Willkommensbesuche je Datum, Stadtteil, Zuzugsart, Kinderzahl je Altersgruppe und Angeboten; Jahressummen (Baustein 3). Regelwerk und Geräteeinstellungen. Keine Namen, Geburtsdaten, Anschriften, Kontaktdaten, Aktenzeichen, kein Freitext."
                </dd>
                <dt>"Betroffene"</dt>
                <dd>"Ratsuchende mit Einwanderungsgeschichte; identifizierbar nur über den Fallcode in der Papierakte des Trägers."</dd>
                <dt>"Speicherort"</dt>
                <dd>
                    "Ausschließlich lokal im Browser des Endgeräts (Web Storage „localStorage“ der Herkunft der App, Schlüssel, die mit „kim-“ beginnen). Kein Server, keine Cloud. Die Programmdateien liegen zusätzlich im Cache des Service Workers (ohne Daten); der Verweis auf einen verbundenen Sicherungsordner (ohne Daten) in IndexedDB."
                </dd>
                <dt>"Verschlüsselung"</dt>
                <dd>
                    "Optional (Kennwortschutz): AES-256-GCM über die Web Crypto API; Schlüssel aus dem Kennwort mit PBKDF2-HMAC-SHA-256, 600.000 Iterationen, zufälliger Salt (16 Byte); neue zufällige Nonce (96 Bit) bei jedem Schreiben; Schlüssel nur im Arbeitsspeicher; automatische Sperre nach Leerlauf (voreingestellt "
                    {default_idle_minutes}
                    " Minuten). Exportdateien optional ebenso verschlüsselt. Ohne Kennwortschutz unverschlüsselt im Browserprofil."
                </dd>
                <dt>"Übermittlung"</dt>
                <dd>
                    "Keine. Die App sendet keine Daten; die Content-Security-Policy lässt nur Verbindungen zur eigenen Herkunft zu (connect-src 'self', form-action 'none'). Weitergabe nur durch eine von der Nutzerin oder dem Nutzer heruntergeladene Exportdatei (z. B. an die Koordinierende Stelle zum Zusammenführen) und durch den Bericht mit aggregierten Zahlen. Sicherungen (Exportdateien mit den Berichtseinstellungen) schreibt die App nur in einen Ordner, den die Nutzerin oder der Nutzer selbst mit dem Browser verbunden hat (File System Access API), höchstens die letzten 10 je Gerät, mit Kennwortschutz verschlüsselt."
                </dd>
                <dt>"Löschung"</dt>
                <dd>
                    "„Alle Daten löschen“ in den Einstellungen entfernt alle Einträge der App im Browser. Ein einzeln gelöschter Fall bleibt mit seinem Verlauf als gelöscht markiert gespeichert und wird nicht mehr gezählt, damit er beim Zusammenführen mit anderen Geräten nicht wiederkehrt. Exportdateien und Sicherungen sind gesondert zu löschen."
                </dd>
                <dt>"Zugriff"</dt>
                <dd>
                    "Wer das Endgerät mit dem Browserprofil nutzen kann; mit Kennwortschutz nur, wer das Kennwort kennt. Zugriffsschutz des Geräts (Anmeldung, Bildschirmsperre) durch die Träger."
                </dd>
            </dl>
        </section>
    }
}
