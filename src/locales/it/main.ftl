# Fucina, italiano. Ogni messaggio deve esistere anche in en/main.ftl.

## Impaginazione
nav-skip = Vai al contenuto
nav-label = Principale
nav-home = Home
nav-settings = Impostazioni
nav-admin = Amministrazione
nav-logout = Esci
nav-login = Accedi
nav-signup = Registrati
nav-language = Lingua
nav-back-home = Torna alla pagina iniziale
footer-powered = Realizzato con Fucina, software libero per l'innovazione aperta

## Home
home-title = Home
home-welcome-back = Bentornato, { $name }
home-member-intro = Qui troverai i tuoi temi, le proposte e le persone che segui.
home-your-handle = Nel fediverso gli altri ti trovano come
home-what-is-fucina = Qui ricercatori, ingegneri, fondatori di imprese e funzionari pubblici si incontrano per tema, lanciano proposte di progetti collaborativi, manifestano interesse a parteciparvi e formano squadre — con persone di questa istanza, delle istanze collegate e di tutto il fediverso.
home-registrations-closed = I nuovi account sono creati dagli amministratori di questa istanza.
home-how-title = Come funziona
home-how-themes = Segui i temi che ti interessano e discuti sfide comuni.
home-how-proposals = Pubblica una proposta di progetto collaborativo, verificata da un facilitatore.
home-how-interests = Manifesta interesse per la proposta di qualcuno: la vedono solo l'autore e i suoi facilitatori.
home-how-federation = Segui e fatti seguire da Mastodon e dagli altri server del fediverso.
home-stats-users = { $count ->
    [one] Finora si è iscritto un innovatore.
   *[other] Finora si sono iscritti { $count } innovatori.
}

## Moduli
field-username = Nome utente
field-email = Indirizzo e-mail
field-password = Password
field-login = Nome utente o indirizzo e-mail
field-reason = Perché vuoi iscriverti?
field-display-name = Nome visualizzato
field-note = Presentazione
field-language = Lingua
field-current-password = Password attuale
field-new-password = Nuova password

## Registrazione e accesso
signup-title = Crea un account
signup-submit = Registrati
signup-have-account = Hai già un account?
signup-username-help = Lettere, cifre e trattini bassi, fino a 30 caratteri. Il tuo indirizzo sarà @nome@{ $domain }.
signup-password-help = Almeno { $min } caratteri.
signup-approval-notice = Su questa istanza un amministratore approva ogni nuovo account. Potrai accedere quando il tuo sarà approvato.
login-title = Accedi
login-submit = Accedi
login-no-account = Non hai ancora un account?
login-forgot = Hai dimenticato la password?
password-reset-title = Reimposta la password
password-reset-intro = Scrivi l'indirizzo e-mail del tuo account: ti invieremo un link per scegliere una nuova password.
password-reset-submit = Inviami il link
password-reset-sent = Se un account ha quell'indirizzo, il link per scegliere una nuova password è in arrivo. Vale per un'ora, una sola volta.
password-reset-back = Torna all'accesso
password-reset-new-title = Scegli una nuova password
password-reset-new-submit = Salva la nuova password
password-reset-mail-body = Qualcuno (speriamo tu) ha chiesto di reimpostare la tua password. Segui questo link entro { $minutes } minuti per sceglierne una nuova:
password-reset-mail-button = Scegli una nuova password
password-reset-mail-ignore = Se non sei stato tu, ignora questo messaggio: la tua password resta quella di prima.

## Messaggi
flash-welcome = Benvenuto! Il tuo account è pronto.
flash-signup-pending = Grazie! Un amministratore esaminerà la tua registrazione; potrai accedere quando sarà approvata.
flash-logged-out = Sei uscito.
flash-profile-saved = Il profilo è stato salvato.
flash-password-changed = La password è stata cambiata. Le altre sessioni sono state chiuse.
flash-password-reset = La nuova password è impostata e tutte le sessioni e le app sono state disconnesse. Accedi con la nuova password.
flash-app-revoked = L'accesso dell'applicazione è stato revocato.
flash-account-approved = L'account è stato approvato.
flash-account-rejected = La registrazione è stata respinta.

## Impostazioni
settings-title = Impostazioni
settings-profile = Profilo
settings-password = Password
settings-apps = Applicazioni autorizzate
settings-save = Salva
settings-language-browser = Come preferisce il mio browser
settings-password-submit = Cambia password
settings-apps-intro = Queste applicazioni possono usare il tuo account tramite l'API. Revoca quelle che non usi più.
settings-apps-none = Nessuna applicazione può usare il tuo account.
settings-apps-scopes = Permessi:
settings-apps-authorized = Autorizzata il { $date }
settings-apps-last-used = usata l'ultima volta il { $date }
settings-apps-revoke = Revoca { $name }

## OAuth
oauth-title = Autorizza un'applicazione
oauth-heading = { $app } vuole usare il tuo account
oauth-login-first = Accedi per decidere se consentirlo.
oauth-will-allow = Se lo consenti, potrà:
oauth-approve = Consenti
oauth-deny = Nega
oauth-code-heading = Codice di autorizzazione
oauth-code-body = Copia questo codice e incollalo in { $app }.
oauth-denied-heading = Accesso negato
oauth-denied-body = L'applicazione non ha ottenuto l'accesso al tuo account.
scope-read = leggere tutti i dati del tuo account
scope-write = modificare tutti i dati del tuo account e pubblicare a tuo nome
scope-follow = seguire, smettere di seguire e bloccare account
scope-push = ricevere notifiche push
scope-profile = leggere solo il tuo profilo di base
scope-admin = usare l'API di amministrazione
scope-read-part = leggere questa parte dei dati del tuo account
scope-write-part = modificare questa parte dei dati del tuo account
scope-other = un permesso specifico

## Amministrazione
admin-accounts-title = Account
admin-pending-title = Registrazioni in attesa di approvazione
admin-pending-none = Nessuna registrazione in attesa.
admin-all-title = Tutti gli account
admin-role = Ruolo
admin-state = Stato
admin-approve = Approva { $name }
admin-reject = Respingi { $name }
role-user = Membro
role-moderator = Moderatore
role-admin = Amministratore
approval-pending = In attesa di approvazione
approval-approved = Attivo
approval-rejected = Respinto

## Pagine di errore
error-page-not-found = Pagina non trovata
error-page-forbidden = Non consentito
error-page-unauthorized = Accedi per continuare
error-page-rate-limited = Troppi tentativi
error-page-server = Qualcosa è andato storto
error-page-bad-request = Questa richiesta non può essere gestita

## Errori
error-not-found = Elemento non trovato
error-internal = Si è verificato un errore imprevisto da parte nostra. È stato registrato; riprova più tardi.
error-validation = Alcuni valori non sono validi.
error-too-large = La richiesta è troppo grande.
error-rate-limited = Troppi tentativi. Attendi qualche minuto e riprova.
error-mail-unavailable = Non è stato possibile inviare l'e-mail in questo momento. Riprova tra qualche minuto.
error-form-invalid = Non è stato possibile leggere il modulo. Riprova.
error-csrf = Il modulo è scaduto o non proviene da questo sito. Ricarica la pagina e riprova.
error-body-invalid = Non è stato possibile leggere il corpo della richiesta.
error-query-invalid = Non è stato possibile leggere i parametri dell'indirizzo.
error-json-invalid = Il corpo della richiesta non è un oggetto JSON valido.
error-params-invalid = Alcuni parametri non sono validi: { $detail }
error-language-unknown = Questa lingua non è disponibile.
error-admins-only = Solo gli amministratori possono aprire questa pagina.
error-username-blank = Scegli un nome utente.
error-username-too-long = Un nome utente può avere al massimo 30 caratteri.
error-username-characters = Un nome utente può contenere solo lettere a–z, cifre e trattini bassi.
error-username-reserved = Questo nome utente è riservato. Scegline un altro.
error-username-taken = Questo nome utente è già in uso.
error-email-blank = Inserisci il tuo indirizzo e-mail.
error-email-invalid = Questo non sembra un indirizzo e-mail.
error-email-taken = Esiste già un account con questo indirizzo e-mail.
error-password-too-short = La password deve avere almeno { $min } caratteri.
error-password-too-long = La password può avere al massimo { $max } caratteri.
error-current-password-wrong = La password attuale non è corretta.
error-reason-too-long = La motivazione può avere al massimo 1.000 caratteri.
error-display-name-too-long = Il nome visualizzato può avere al massimo 100 caratteri.
error-display-name-invalid = Il nome visualizzato contiene caratteri non ammessi.
error-note-too-long = La presentazione può avere al massimo 2.000 caratteri.
error-registration-closed = Le registrazioni su questa istanza sono chiuse.
error-agreement-required = Per registrarti devi accettare le condizioni.
error-login-invalid = Nome utente, indirizzo e-mail o password non validi.
error-account-pending = Il tuo account è in attesa di approvazione da parte di un amministratore.
error-account-rejected = La tua registrazione non è stata approvata.
error-token-missing = Manca il token di accesso.
error-token-invalid = Il token di accesso non è valido.
error-token-needs-user = Questa azione richiede il token di accesso di un utente, non di un'applicazione.
error-scope-missing = Questa azione non rientra nei permessi autorizzati.
error-app-name-blank = L'applicazione deve avere un nome.
error-app-name-too-long = Il nome dell'applicazione può avere al massimo 100 caratteri.
error-redirect-uri-blank = Indica almeno un URI di reindirizzamento.
error-redirect-uri-invalid = Un URI di reindirizzamento deve essere un URI assoluto senza frammento, oppure urn:ietf:wg:oauth:2.0:oob.
error-scope-unknown = Permesso sconosciuto: { $scope }
error-website-invalid = Il sito web deve essere un URL.
error-oauth-unknown-client = L'applicazione è sconosciuta. Potrebbe essere stata rimossa.
error-oauth-client-auth = L'autenticazione del client non è riuscita.
error-oauth-redirect-uri-missing = Manca l'URI di reindirizzamento.
error-oauth-redirect-uri-mismatch = L'URI di reindirizzamento non è tra quelli registrati dall'applicazione.
error-oauth-response-type = È supportato solo il tipo di risposta "code".
error-oauth-scope = I permessi richiesti non sono validi, sono sconosciuti o superano quelli registrati dall'applicazione.
error-oauth-pkce-method = Il metodo PKCE deve essere S256 o plain.
error-oauth-pkce-failed = Il code verifier PKCE non corrisponde alla challenge.
error-oauth-code-missing = Manca il codice di autorizzazione.
error-oauth-code-invalid = Il codice di autorizzazione non è valido, è scaduto o è già stato usato.
error-oauth-credentials-missing = Servono un nome utente e una password.
error-oauth-refresh-missing = Manca il refresh token.
error-oauth-refresh-invalid = Il refresh token non è valido o è già stato usato.
error-oauth-grant-missing = Manca il tipo di concessione (grant type).
error-oauth-grant-unsupported = Questo tipo di concessione non è supportato.
error-remote-unreachable = Non è stato possibile raggiungere l'altro server, o non ha risposto come previsto.
error-remote-refused = Questo indirizzo non può essere usato: { $reason }

## Campi del profilo, come li mostrano gli altri server
profile-field-organisation = Organizzazione
profile-field-role = Ruolo
profile-field-skills = Competenze
profile-field-website = Sito web

## Federazione e post
error-gone = Questo contenuto è stato eliminato.
error-signature = Non è stato possibile verificare la firma HTTP: { $reason }
error-signature-required = Questo server risponde solo a richieste firmate da altri server.
error-signature-host = La richiesta è stata firmata per un altro server.
error-signer-not-actor = La richiesta è firmata da qualcuno diverso dall'autore dell'attività.
error-activity-malformed = L'attività non è JSON valido, o manca di una proprietà necessaria.
error-activity-origin = L'attività o il suo oggetto non provengono dal server del suo autore.
error-activity-not-yours = L'attività modifica qualcosa che non appartiene al suo autore.
error-webfinger-resource = La risorsa deve essere acct:nome@dominio o l'URL di un attore.
error-follow-self = Non puoi seguire te stesso.
error-block-self = Non puoi bloccare te stesso.
error-blocked = Questo account è bloccato, o ti blocca.
error-boost-private = I post per soli follower e i messaggi diretti non si possono condividere.
error-status-blank = Scrivi qualcosa prima.
error-status-too-long = Un post può avere al massimo { $max } caratteri.
error-spoiler-too-long = L'avviso sul contenuto può avere al massimo 500 caratteri.
error-title-too-long = Il titolo può avere al massimo 200 caratteri.
error-field-too-long = Questo campo può avere al massimo { $max } caratteri.
error-visibility-unknown = La visibilità deve essere public, unlisted, private o direct.

## Cronologie e post
timeline-nav = Cronologie
timeline-home = Home
timeline-local = Questa istanza
timeline-remote = Altri server
timeline-empty = Non c'è ancora niente.
timeline-older = Post precedenti
nav-notifications = Notifiche
nav-search = Cerca
compose-label = A cosa stai lavorando?
compose-reply-label = La tua risposta
compose-title = Titolo (facoltativo)
compose-title-help = Con un titolo il post diventa una discussione che altri possono trovare per titolo.
compose-more = Avviso sul contenuto
compose-picture = Immagine
compose-picture-description = Descrizione dell'immagine
compose-picture-help = PNG, JPEG, GIF o WebP. La descrizione viene letta a chi non può vedere l'immagine.
compose-spoiler = Avviso mostrato prima del testo
compose-visibility = Chi può vederlo
compose-submit = Pubblica
visibility-public = Pubblico
visibility-unlisted = Non in elenco
visibility-private = Solo follower
visibility-direct = Solo persone menzionate
status-boosted-by = Condiviso da { $name }
status-edited = modificato
status-media-remote = Media sul suo server
status-media-remote-described = Media sul suo server: { $description }
status-in-reply = In risposta a un post precedente
status-replies = { $count ->
    [one] 1 risposta
   *[other] { $count } risposte
}
status-reply = Rispondi
status-favourite = Preferito ({ $count })
status-unfavourite = Togli dai preferiti ({ $count })
status-favourites = { $count ->
    [one] 1 preferito
   *[other] { $count } preferiti
}
status-reblog = Condividi ({ $count })
status-unreblog = Annulla condivisione ({ $count })
status-reblogs = { $count ->
    [one] 1 condivisione
   *[other] { $count } condivisioni
}
status-delete = Elimina
thread-heading = Post di { $name }
thread-replies = Risposte
flash-status-deleted = Il post è stato eliminato.

## Profili
profile-locked = approva i follower
profile-group = gruppo
profile-posts = { $count ->
    [one] 1 post
   *[other] { $count } post
}
profile-followers = { $count ->
    [one] 1 follower
   *[other] { $count } follower
}
profile-following = ne segue { $count }
profile-original = Vedi il profilo originale
profile-follows-you = Ti segue
profile-follow = Segui
profile-unfollow = Smetti di seguire
profile-cancel-request = Ritira la richiesta
profile-block = Blocca
profile-unblock = Sblocca
profile-edit = Modifica il profilo
profile-follow-from-server = Il tuo indirizzo su un altro server
profile-your-handle-placeholder = tu@tuo.server
profile-recent-posts = Post

## Richieste e notifiche
requests-title = Richieste di follow
requests-none = Nessuno è in attesa.
requests-accept = Accetta { $name }
requests-reject = Rifiuta { $name }
notifications-none = Ancora nessuna notifica.
notifications-requests = { $count ->
    [one] Una richiesta di follow ti aspetta.
   *[other] { $count } richieste di follow ti aspettano.
}
notification-follow = ha iniziato a seguirti
notification-follow-request = ha chiesto di seguirti
notification-mention = ti ha menzionato
notification-reblog = ha condiviso il tuo post
notification-favourite = ha aggiunto il tuo post ai preferiti
notification-update = ha modificato un post con cui hai interagito
notification-other = ha fatto qualcosa che ti riguarda

## Ricerca e follow remoto
search-title = Cerca
search-label = Parole, un nome, un indirizzo come @nome@server o un link
search-help = Qualsiasi parola di una proposta, di un post, di un profilo o di un gruppo, in italiano o in inglese. Con l'accesso, indirizzi e link di altri server vengono cercati lì.
search-submit = Cerca
search-accounts = Persone
search-not-found = Non è stato trovato nulla.
remote-follow-title = Segui dal tuo server
remote-follow-heading = Segui { $acct } dal tuo server
remote-follow-intro = Scrivi il tuo indirizzo sul tuo server (Mastodon o un altro server del fediverso); ti porteremo lì per confermare.
remote-follow-submit = Continua sul mio server
remote-follow-failed = Non è stato possibile trovare il tuo server, oppure non permette di seguire da altrove.
field-organisation = Organizzazione
field-role = Ruolo
field-skills = Competenze (separate da virgole)
field-website = Sito web
field-locked = Approva i follower a mano
field-discoverable = Inseriscimi negli elenchi e suggeriscimi per le proposte
field-discoverable-help = Le persone di questa istanza e di quelle collegate potranno trovarti per ciò che sai fare, e gli autori delle proposte invitarti.
field-hide-collections = Nascondi gli elenchi dei miei follower e degli account che seguo

## Amministrazione: federazione
admin-federation-title = Federazione
admin-queue-title = Coda di consegna
admin-queue-pending = Consegne in attesa
admin-queue-due = Da fare ora
admin-queue-dead = Abbandonate (conservate per una settimana)
admin-queue-paused = Server in pausa
admin-queue-oldest = In attesa dal
admin-instances-title = Server con errori o consegne in attesa
admin-instances-none = Tutti i server rispondono.
admin-instance-host = Server
admin-instance-failures = Errori consecutivi
admin-instance-pending = In attesa
admin-instance-paused-until = In pausa fino al
admin-instance-last-success = Ultima consegna
admin-never = mai

## Temi (gli otto predefiniti)
theme-aerospace-name = Aerospazio
theme-aerospace-description = Aerei, satelliti, droni ed economia dello spazio: progettazione, materiali, prove e servizi.
theme-agrifood-name = Agroalimentare
theme-agrifood-description = Dal campo alla tavola: agricoltura di precisione, trasformazione, tracciabilità e sicurezza alimentare.
theme-eco-industries-name = Ecoindustrie
theme-eco-industries-description = Energia, acqua, rifiuti e materiali: tecnologie pulite ed economia circolare.
theme-creative-industries-name = Industrie creative
theme-creative-industries-description = Cultura, design, media, videogiochi e le tecnologie che li servono.
theme-health-name = Salute
theme-health-description = Scienze della vita, dispositivi medici, sanità digitale e cure vicine alle persone.
theme-advanced-manufacturing-name = Manifattura avanzata
theme-advanced-manufacturing-description = Meccatronica, robotica, manifattura additiva e fabbrica connessa.
theme-sustainable-mobility-name = Mobilità sostenibile
theme-sustainable-mobility-description = Veicoli, logistica e trasporti che muovono persone e merci con meno energia.
theme-smart-communities-name = Comunità intelligenti
theme-smart-communities-description = Servizi pubblici, inclusione, città intelligenti e i dati che aiutano i territori a funzionare meglio.

## Gruppi: errori
error-join-mode = Scegli come si entra: aperto, su approvazione o su invito.
error-group-parent = Il tema o la comunità superiore indicati non esistono qui.
error-group-not-allowed = Solo i gestori e i moderatori del gruppo possono farlo.
error-group-retired = Questo tema è stato ritirato: non accetta nuovi membri né nuovi post.
error-group-banned = Sei stato escluso da questo gruppo.
error-group-invitation-only = Si entra in questo gruppo solo su invito.
error-group-not-member = Quell'account non è membro del gruppo.
error-group-ban-staff = Gestori e moderatori non possono essere esclusi: prima togli loro il ruolo.
error-group-not-in-group = Quel post non è in un tema o in una comunità.
error-group-thread-only = Solo il primo post di una discussione può essere bloccato o fissato in alto.
error-group-locked = Questa discussione è chiusa: non accetta nuove risposte.
error-group-members-only = Solo i membri possono pubblicare in questo gruppo.
error-group-news-staff = Solo i gestori e i moderatori del gruppo possono pubblicare notizie o aprire discussioni qui.
error-group-name-length = Il nome deve avere tra 3 e 30 caratteri.
error-group-title-blank = Dai al gruppo un nome leggibile.

## Gruppi: pagine
groups-title = Temi e comunità
groups-intro = I temi riuniscono chi lavora in un settore; le comunità sono gruppi più piccoli che chiunque può aprire. Unisciti per vedere le loro discussioni nella tua home e per pubblicare.
groups-themes = Temi
groups-communities = Comunità
groups-elsewhere = Gruppi di altri server seguiti da qui
groups-none = Ancora nessuno.
groups-create = Crea una comunità
group-kind-theme = Tema
group-kind-community = Comunità
group-kind-remote = Gruppo su un altro server
group-join-open = Chiunque può unirsi
group-join-approval = Per unirsi serve l'approvazione
group-join-invitation = Solo su invito
group-members-count = { $count ->
    [one] { $count } membro
   *[other] { $count } membri
}
group-join = Unisciti
group-leave = Esci
group-cancel-request = Ritira la richiesta
group-manage = Gestisci
group-manage-of = Gestisci { $name }
group-members = Membri
group-members-of = Membri di { $name }
group-members-none = Ancora nessun altro membro.
group-staff = Gestori e moderatori
group-role-manager = gestore
group-role-moderator = moderatore
group-back = Torna al gruppo
group-sections = Sezioni del gruppo
group-discussions = Discussioni
group-news = Notizie
group-language-filter = Lingua
group-language-all = Tutte le lingue
group-language-apply = Mostra
group-requests = Richieste di adesione
group-invitations = Inviti
group-invite-handle = Invita per nome utente
group-invite = Invita
group-appoint-handle = Nome utente del membro
group-appoint-role = Ruolo
group-appoint = Nomina
group-dismiss = Rendi membro semplice
group-bans = Account esclusi
group-ban-handle = Nome utente da escludere
group-ban-reason = Motivo (compare nel registro)
group-ban = Escludi
group-unban = Revoca l'esclusione
group-settings = Impostazioni
group-settings-language-help = Il nome e la descrizione che scrivi qui sono quelli mostrati a chi legge nella tua lingua; le altre lingue mantengono i loro.
group-field-name = Nome utente
group-field-name-help = Da 3 a 30 lettere, cifre o trattini bassi: la comunità sarà @nome su questo server. Non si potrà cambiare.
group-field-title = Nome
group-field-description = Descrizione
group-field-join-mode = Chi può unirsi
group-field-join-mode-help = Le comunità su invito tengono per sé i loro post e i loro membri.
group-field-parent = Tema di appartenenza
group-field-parent-none = Nessuno
group-field-languages = Lingue parlate
group-field-listed = Mostrala nell'elenco
group-field-hide-members = Mostra i membri solo ai membri
group-field-posting-restricted = Solo gestori e moderatori aprono discussioni
group-log = Registro di moderazione
group-log-empty = Ancora niente.
group-log-when = Quando
group-log-who = Chi
group-log-what = Cosa
group-log-whom = Riguardo a
group-log-reason = Motivo
group-log-create = ha creato il gruppo
group-log-edit = ha cambiato le impostazioni
group-log-invite = ha invitato
group-log-ban = ha escluso
group-log-unban = ha revocato l'esclusione di
group-log-approve-member = ha accettato
group-log-reject-member = ha rifiutato
group-log-role-manager = ha nominato gestore
group-log-role-moderator = ha nominato moderatore
group-log-role-member = ha reso membro semplice
group-log-remove = ha rimosso un post di
group-log-lock = ha chiuso una discussione di
group-log-unlock = ha riaperto una discussione di
group-log-pin = ha fissato in alto un post di
group-log-unpin = ha tolto dall'alto un post di
group-log-retire = ha ritirato il tema
group-log-restore = ha ripristinato il tema
compose-news-help = Sarà pubblicato tra le notizie del gruppo.
status-pinned = In alto
status-locked = Chiusa
status-remove = Rimuovi
status-lock = Chiudi
status-unlock = Riapri
status-pin = Fissa in alto
status-unpin = Togli dall'alto
flash-group-created = La tua comunità è pronta. Invita qualcuno, o aspetta che si unisca.
flash-group-saved = Salvato.
flash-group-invited = Invito inviato.
error-group-account-unknown = Non è stato trovato nessun account con quel nome utente.
error-group-handle-needed = Scrivi il nome utente dell'account, come @nome@server.
error-group-members-hidden = Questo gruppo mostra i suoi membri solo ai membri.
notification-group-invitation = ti ha invitato a unirti a
notification-group-request = chiede di unirsi a
nav-themes = Temi
signup-themes = Temi di cui ti occupi
signup-themes-help = Ti unirai subito e vedrai le loro discussioni nella tua home. Potrai unirti o uscire da qualsiasi tema in seguito.
admin-themes-title = Temi
admin-themes-help = I temi sono i gruppi principali dell'istanza. Qui puoi rinominarli o tradurli; un tema ritirato conserva post e membri ma non ne accetta di nuovi ed esce dall'elenco.
admin-theme-retired = ritirato
admin-theme-retire = Ritira
admin-theme-restore = Ripristina
admin-theme-add = Aggiungi un tema
error-moderation-action = Scegli remove, lock, unlock, pin o unpin.

## Proposte e manifestazioni di interesse
nav-proposals = Proposte
role-facilitator = Facilitatore
yes = Sì
no = No
form-has-errors = Alcuni campi vanno corretti: leggi i messaggi sotto di essi.
error-field-blank = Campo obbligatorio.
error-marker-id = Non è l’id di un post o di una notifica.
error-pin-not-own = Puoi fissare sul profilo solo i tuoi post.
error-pin-visibility = Condivisioni e messaggi diretti non si possono fissare.
error-pin-limit = Puoi fissare al massimo cinque post: prima togline uno.
error-field-choice = Scegli una delle opzioni.
error-proposal-language = Le lingue sono codici di due o tre lettere, come it, en, sl.
error-proposal-competences = Al massimo { $max } competenze.
error-proposal-expiry-past = La data di scadenza deve essere nel futuro.
error-proposal-expiry-format = Scrivi la data come AAAA-MM-GG.
error-proposal-groups = Scegli almeno un tema o una comunità in cui puoi pubblicare.
error-proposal-not-draft = Solo una bozza può essere modificata o inviata.
error-proposal-facilitators-only = Solo i facilitatori possono farlo.
error-proposal-not-submitted = Questa proposta non è in attesa di un facilitatore.
error-proposal-reason-blank = Spiega il motivo all'autore, così potrà correggerla.
error-proposal-not-open = Questa proposta non è aperta.
error-proposal-not-published = Questa proposta non è pubblicata, o i suoi risultati lo sono già.
error-proposal-team-exists = Il gruppo di lavoro ha già la sua comunità.
error-proposal-team-empty = Accetta prima almeno una manifestazione di interesse.
error-interest-own = Non puoi manifestare interesse per una tua proposta.
error-interest-not-open = Questa proposta non accetta manifestazioni di interesse: è chiusa o scaduta.
error-interest-duplicate = Hai già manifestato interesse per questa proposta.
error-interest-not-draft = Questa manifestazione di interesse è già stata inviata.
error-interest-author-only = Solo l'autore della proposta decide sulle manifestazioni di interesse.
error-interest-not-pending = Su questa manifestazione di interesse si è già deciso, oppure è stata ritirata.
error-interest-sender-only = Solo chi l'ha inviata può ritirare una manifestazione di interesse.
proposals-title = Proposte
proposals-sections = Sezioni delle proposte
proposals-mine = Le mie proposte
proposals-queue = Coda dei facilitatori
proposals-new = Nuova proposta
proposals-filters = Filtra le proposte
proposals-filter-any = Qualsiasi
proposals-filter-instance = Istanza
proposals-filter-instance-placeholder = local, oppure un dominio
proposals-filter-apply = Filtra
proposals-none = Nessuna proposta corrisponde.
proposals-mine-none = Non hai ancora proposte.
proposals-queue-none = Nessuna proposta attende un facilitatore.
proposal-editor = Proposta
proposal-choose = Scegli…
proposal-by = Di
proposal-original = Vedila sulla sua istanza
proposal-expires-on = scade il { $date }
proposal-review-note = Un facilitatore ha rimandato indietro questa proposta:
proposal-field-title = Titolo
proposal-field-short-description = Descrizione breve
proposal-help-short-description = Al massimo 400 caratteri: è ciò che si vede negli elenchi e su Mastodon.
proposal-field-description = Descrizione completa
proposal-help-description = Di cosa tratta la proposta e che cosa cerchi.
proposal-field-innovation = Aspetti innovativi e vantaggi
proposal-help-innovation = Che cosa c'è di nuovo, e perché è meglio.
proposal-field-contribution = Contributo atteso dai partner
proposal-help-contribution = Che cosa porterebbero i partner.
proposal-field-kind = Tipo
proposal-field-stage = Stadio di sviluppo
proposal-field-ip = Proprietà intellettuale
proposal-field-state = Stato
proposal-field-groups = Temi e comunità
proposal-field-competences = Competenze cercate
proposal-help-competences = Separate da virgole, come agronomia, visione artificiale.
proposal-field-languages = Lingue di lavoro
proposal-help-languages = Codici di lingua separati da virgole, come it, en.
proposal-field-foreign-partners = Aperta a partner esteri
proposal-field-expires = Data di scadenza
proposal-field-contact = Persona di contatto
proposal-save-draft = Salva la bozza
proposal-submit = Invia
proposal-edit = Modifica
proposal-publish = Pubblica
proposal-close = Chiudi
proposal-send-back = Rimanda all'autore
proposal-send-back-reason = Motivo (lo leggerà l'autore)
proposal-team = Gruppo di lavoro
proposal-team-community = La comunità del gruppo di lavoro
proposal-team-form = Trasforma il gruppo di lavoro in una comunità
proposal-team-form-help = Una comunità solo su invito che gestisci tu; chiunque tu abbia accettato viene invitato, su qualsiasi istanza.
proposal-results = Risultati
proposal-results-publish = Pubblica i risultati
proposal-results-title-field = Titolo (facoltativo)
proposal-results-text = Il resoconto dei risultati
proposal-results-title = Risultati: { $title }
proposal-kind-technology-offer = Offerta di tecnologia
proposal-kind-technology-request = Richiesta di tecnologia
proposal-kind-business-offer = Offerta commerciale
proposal-kind-business-request = Richiesta commerciale
proposal-kind-rd-cooperation = Cooperazione in ricerca e sviluppo
proposal-kind-research = Ricerca
proposal-kind-technical-collaboration = Collaborazione tecnica
proposal-kind-licence-agreement = Accordo di licenza
proposal-kind-joint-venture = Joint venture
proposal-kind-subcontracting = Subfornitura
proposal-stage-idea = Idea
proposal-stage-lab-tested = Testata in laboratorio
proposal-stage-demonstrable = Dimostrabile
proposal-stage-on-market = Sul mercato
proposal-ip-secret = Segreto
proposal-ip-patent-pending = Brevetto depositato
proposal-ip-patent-granted = Brevetto concesso
proposal-ip-none = Nessuna tutela
proposal-state-draft = Bozza
proposal-state-submitted = In attesa di un facilitatore
proposal-state-open = Aperta
proposal-state-closed = Chiusa
proposal-state-expired = Scaduta
proposal-state-completed = Completata
interests-mine = I miei interessi
interests-none = Non hai ancora manifestato interesse per alcuna proposta.
interests-private = Una manifestazione di interesse la vedono solo chi la invia, l'autore della proposta e i suoi facilitatori.
interests-received = Manifestazioni di interesse ricevute
interests-received-none = Ancora nessuna.
interest-yours = La tua manifestazione di interesse
interest-express = Manifesta interesse
interest-field-offer = Che cosa offro
interest-field-about = Chi sono, o la mia organizzazione
interest-field-questions = Domande per l'autore
interest-field-on-behalf-of = Per conto di
interest-field-team-consent = Se accettato, elencami nel gruppo di lavoro della proposta
interest-save-draft = Salva come bozza
interest-send = Invia
interest-withdraw = Ritira
interest-accept = Accetta
interest-decline = Rifiuta
interest-state-draft = Bozza
interest-state-sent = Inviata
interest-state-in-review = In esame
interest-state-accepted = Accettata
interest-state-declined = Rifiutata
interest-state-withdrawn = Ritirata
flash-proposal-saved = La bozza è salvata.
flash-proposal-submitted = Inviata: un facilitatore la esaminerà.
flash-proposal-published = Pubblicata.
flash-proposal-sent-back = Rimandata all'autore.
flash-proposal-closed = La proposta è chiusa.
flash-proposal-completed = I risultati sono pubblicati; la proposta è completata.
flash-proposal-team = La comunità del gruppo di lavoro è pronta e i suoi membri sono invitati.
flash-interest-saved = La tua manifestazione di interesse è salvata come bozza.
flash-interest-sent = La tua manifestazione di interesse è inviata.
flash-interest-accepted = Accettata: fa parte del gruppo di lavoro.
flash-interest-declined = Rifiutata.
flash-interest-withdrawn = Ritirata.
notification-proposal-submitted = ha inviato una proposta da esaminare
notification-proposal-published = ha pubblicato la tua proposta
notification-proposal-sent-back = ha rimandato indietro la tua proposta
notification-proposal-new = ha pubblicato una proposta nei tuoi temi
notification-proposal-completed = ha pubblicato i risultati di
notification-proposal-expired = — la proposta è scaduta:
notification-interest-received = ha manifestato interesse per
notification-interest-accepted = ha accettato il tuo interesse per
notification-interest-declined = ha rifiutato il tuo interesse per
notification-interest-withdrawn = ha ritirato il suo interesse per
admin-role-change = Cambia
error-role-unknown = Ruolo sconosciuto: scegli utente, facilitatore, moderatore o amministratore.
flash-role-changed = Il ruolo è cambiato.

## Consultazioni (sondaggi)
compose-poll = Consultazione
compose-poll-options = Opzioni, una per riga
compose-poll-help = Da due a dieci opzioni. Lascia vuoto per un messaggio senza sondaggio.
compose-poll-duration = Durata
compose-poll-hours = { $count ->
    [one] un'ora
   *[other] { $count } ore
}
compose-poll-days = { $count ->
    [one] un giorno
   *[other] { $count } giorni
}
compose-poll-multiple = Più risposte ammesse
poll-choose-one = Scegli una risposta
poll-choose-many = Scegli una o più risposte
poll-vote = Vota
poll-votes = { $count ->
    [one] un voto
   *[other] { $count } voti
}
poll-voters = { $count ->
    [one] ha votato una persona
   *[other] hanno votato { $count } persone
}
poll-ends = termina il { $date }
poll-closed = chiusa
poll-your-choice = la tua scelta
poll-results-later = I risultati si vedono dopo aver votato, o alla chiusura della consultazione.
flash-poll-voted = Il tuo voto è stato contato.
error-poll-options = Una consultazione ha da due a { $max } opzioni, nessuna vuota.
error-poll-duplicate-option = Ogni opzione deve essere diversa.
error-poll-duration = Una consultazione dura da cinque minuti a un mese.
error-poll-expired = Questa consultazione è chiusa.
error-poll-choice = Scegli una delle opzioni (una sola, se non ne sono ammesse di più).
error-poll-already-voted = Hai già votato in questa consultazione.
error-poll-refused = Il tuo voto non è stato contato: { $reason }

## E-mail
settings-notifications = Notifiche via e-mail
email-preference = Inviami per e-mail le notifiche
email-preference-help = Nuovi follower, menzioni, inviti, nuove proposte nei tuoi temi, manifestazioni di interesse e il loro esito. I preferiti e le condivisioni restano nell'app.
email-preference-off = Mai
email-preference-immediate = Subito
email-preference-daily = In un riepilogo giornaliero
email-preference-weekly = In un riepilogo settimanale
flash-email-preference-saved = La tua preferenza per le e-mail è salvata.
email-greeting = Ciao { $name },
email-subject = { $instance }: { $what }
email-digest-subject = { $instance }: { $count ->
    [one] una nuova notifica
   *[other] { $count } nuove notifiche
}
email-digest-matches = { $count ->
    [one] Una nuova proposta cerca quello che sai fare
   *[other] { $count } nuove proposte cercano quello che sai fare
}
email-footer-settings = Scegli quali e-mail ricevere
email-footer-unsubscribe = Non ricevere più e-mail
email-unsubscribe-title = Smetti di ricevere notifiche via e-mail
email-unsubscribe-button = Non inviarmi più notifiche via e-mail
email-unsubscribe-done = Fatto: non riceverai più notifiche via e-mail. Puoi riattivarle nelle impostazioni.
group-open-proposals = { $count ->
    [0] Nessuna proposta aperta
    [one] Una proposta aperta
   *[other] { $count } proposte aperte
}
group-all-proposals = Tutte le sue proposte

## Allegati
attachments = Allegati
attachment-file = File
attachment-help = PDF, immagini (PNG, JPEG, GIF, WebP), documenti OpenDocument o Office, testo, CSV o Markdown; fino a cinque file.
attachment-description = Descrizione (facoltativa; letta al posto dell'immagine)
attachment-add = Allega
attachment-remove = Rimuovi
interest-attach-help = Allega ciò che sostiene la tua offerta (un profilo aziendale, un CV, una scheda tecnica) prima di inviarla.
interest-files-after-draft = Per allegare file, salvala prima come bozza: potrai aggiungerli prima dell'invio.
flash-attachment-added = Il file è allegato.
flash-attachment-removed = Il file è rimosso.
error-attachment-empty = Scegli un file da allegare.
error-attachment-too-large = Il file supera { $megabytes } MB.
error-attachment-kind = File di questo tipo non possono essere allegati: usa PDF, un'immagine, un documento OpenDocument o Office, testo, CSV o Markdown.
error-attachment-mismatch = Il contenuto del file non corrisponde alla sua estensione.
error-attachment-description-long = La descrizione può essere lunga al massimo 500 caratteri.
error-attachment-too-many = Si possono allegare al massimo { $count } file.
error-media-kind = A un post si possono allegare solo immagini: PNG, JPEG, GIF o WebP.
error-media-focus = Il punto focale è formato da due numeri tra -1 e 1, separati da una virgola.
error-media-too-many = Un post può avere al massimo { $count } immagini.
error-media-unknown = Una delle immagini non è tua, è già in un altro post o non esiste.
error-media-attached = Questa immagine è già in un post: sparisce quando il post viene eliminato.

## Politica di federazione
error-federation-refused = Questa istanza non federa con la tua.
error-federation-domain = Indica un dominio, come fucina.example, diverso da quello di questa istanza.
error-federation-suspended = Questa istanza è sospesa: togli la sospensione prima di collegarla.
error-federation-linked-already = Questo dominio è già collegato o sottoscritto in altro modo: scollegalo prima.
error-federation-mode = La modalità di federazione è open o linked-only.
error-federation-severity = Un blocco è un silenziamento o una sospensione.
timeline-linked = Dalle istanze collegate
timeline-linked-none = Dalle istanze collegate · questa istanza non è ancora collegata ad altre
directory-open-proposals = { $count ->
    [one] una proposta aperta
   *[other] { $count } proposte aperte
}
admin-save = Salva
admin-actions = Azioni
admin-federation-mode = Modalità di federazione
admin-federation-mode-open = Aperta: federa con ogni server non bloccato
admin-federation-mode-linked-only = Solo collegate: federa solo con le istanze collegate
admin-links-title = Istanze collegate e relay
admin-links-none = Nessun collegamento per ora.
admin-link-state = Stato
admin-link-last-received = Ultima ricezione
admin-link-accept = Accetta
admin-link-remove = Scollega
admin-link-domain = Dominio
admin-link-add = Collega
admin-relay-add = Iscriviti come relay
admin-relay-hint = Per un relay, indica il suo dominio (relay LitePub) o l'URL della sua inbox, come https://relay.example/inbox (relay Mastodon).
admin-link-kind-instance = istanza
admin-link-kind-relay = relay
admin-link-state-linked = collegata
admin-link-state-pending = in attesa della risposta
admin-link-state-requested = chiede di collegarsi
admin-link-state-subscribed = iscritta
admin-blocks-title = Istanze e account bloccati
admin-block-lift = Sblocca
admin-block-account = account bloccato
admin-block-severity = Gravità
admin-block-suspend = Sospendi: niente in entrata né in uscita, contenuti in cache rimossi
admin-block-silence = Silenzia: esclusa dalle timeline pubbliche e dalla ricerca
admin-block-reason = Motivo (per il registro)
admin-block-add = Blocca
admin-block-account-field = Account (nome@dominio o il suo indirizzo)
admin-federation-log = Registro di moderazione
admin-federation-log-empty = Nessuna modifica alla politica per ora.
flash-federation-mode = La modalità di federazione è cambiata.
flash-federation-linked = Il collegamento è richiesto; sarà attivo quando l'altra istanza lo accetta.
flash-federation-relay = L'iscrizione al relay è richiesta.
flash-federation-unlinked = Il collegamento è terminato.
flash-federation-blocked = Il blocco è in vigore.
flash-federation-unblocked = Il blocco è tolto.
directory-title = Istanze collegate
directory-intro = Le regioni, i cluster e le reti a cui questa istanza è collegata: le loro proposte arrivano qui e nei suoi temi.
directory-users = Iscritti
directory-proposals = Proposte
directory-themes = Temi
error-report-comment-long = Il commento di una segnalazione può avere al massimo 1.000 caratteri.
error-report-self = Non puoi segnalare te stesso.
error-report-statuses = Segnala al massimo 20 post, tutti dell'account segnalato e visibili a te.
error-moderators-only = Solo i moderatori e gli amministratori possono farlo.

## Moderazione degli account
error-account-suspended = Questo account è sospeso.
error-account-disabled = L'accesso a questo account è stato disattivato da un moderatore.
error-moderation-remote = Questo account appartiene a un altro server: bloccalo dalle impostazioni della federazione.
error-moderation-outranked = Non puoi agire sul tuo account né su uno con un ruolo pari o superiore al tuo.
error-moderation-text-long = La motivazione è troppo lunga (al massimo 5.000 caratteri).
error-purge-not-suspended = Si può eliminare definitivamente solo un account sospeso.
notification-moderation-warning = : un moderatore ha preso una decisione sul tuo account
settings-moderation = Moderazione
settings-delete = Elimina account
warnings-none = Nessun moderatore ha preso provvedimenti sul tuo account.
warning-reason = Motivazione
warning-your-appeal = Il tuo ricorso
warning-appeal-label = Spiega perché ritieni la decisione sbagliata (puoi fare ricorso una sola volta)
warning-appeal-submit = Invia il ricorso
warning-action-none = Avvertimento
warning-action-sensitive = Media segnati come sensibili
warning-action-disable = Accesso disattivato
warning-action-silence = Account limitato
warning-action-suspend = Account sospeso
warning-action-delete-statuses = Contenuti rimossi
appeal-state-pending = in attesa di un moderatore
appeal-state-approved = accolto
appeal-state-rejected = respinto
error-appeal-text = Scrivi il tuo ricorso (al massimo 2.000 caratteri).
error-appeal-once = Per questa decisione hai già fatto ricorso: ciascuna ammette un solo ricorso.
flash-appeal-sent = Il tuo ricorso è stato inviato ai moderatori.
delete-account-explained = Eliminando l'account rimuovi i tuoi post, le manifestazioni di interesse, i file, i follow e le sessioni, qui e sugli altri server che ti conoscevano. Le proposte a cui altri hanno aderito come membri del team restano, con l'autore indicato come account eliminato. L'operazione è irreversibile.
delete-account-password = La tua password, per conferma
delete-account-submit = Elimina per sempre il mio account
flash-account-deleted = Il tuo account è stato eliminato.
account-deleted = Account eliminato
rules-title = Regole
rules-agree = Iscrivendoti accetti di rispettare le regole di questa istanza:
rules-admin-intro = Le regole sono mostrate all'iscrizione, nel modulo di segnalazione e alle app. Scrivi ciascuna in tutte le lingue che puoi; una regola richiede il testo in almeno una.
rule-position = Posizione
rule-text = Regola
rule-hint = Spiegazione (facoltativa)
rule-save = Salva la regola
rule-delete = Elimina la regola
rule-add = Aggiungi una regola
error-rule-blank = Scrivi la regola in almeno una lingua.
error-rule-long = Una regola ha al massimo 300 caratteri, la sua spiegazione al massimo 1.000.
flash-rule-saved = La regola è stata salvata.
flash-rule-deleted = La regola è stata eliminata.
error-report-rules = Indica regole di questa istanza, e solo con la categoria "violation".
notification-report-resolved = : i moderatori hanno esaminato la tua segnalazione. Grazie.
report-action = Segnala
report-title = Segnalazione
report-heading = Segnala { $name }
report-intro = Spiega ai moderatori che cosa non va. La persona segnalata non saprà chi l'ha segnalata.
report-category = Motivo
report-category-spam = Spam
report-category-legal = Contenuto illegale
report-category-violation = Viola le regole
report-category-other = Altro
report-rules = Quali regole viola
report-comment = Altro che i moderatori dovrebbero sapere (facoltativo)
report-forward = Invia la segnalazione, senza il tuo nome, anche ai moderatori del suo server
report-submit = Invia la segnalazione
flash-report-sent = Grazie: la tua segnalazione è arrivata ai moderatori.
moderation-title = Moderazione
moderation-reports = Segnalazioni aperte
moderation-no-reports = Nessuna segnalazione aperta.
moderation-reported-by = segnalato da { $name }
moderation-reporter-gone = un altro server
moderation-assigned = presa in carico da { $name }
moderation-remove-reason = Motivo della rimozione, inviato all'autore
moderation-action = Provvedimento sull'account
moderation-action-text = Motivazione, inviata al titolare dell'account
moderation-act = Applica e chiudi
moderation-take = Prendi in carico
moderation-resolve = Chiudi senza provvedimenti
moderation-appeals = Ricorsi
moderation-no-appeals = Nessun ricorso in attesa.
moderation-appeal = Ricorso
moderation-approve = Accogli (annulla la decisione)
moderation-reject = Respingi
flash-moderation-done = Fatto.
signup-agreement = Accetto i termini di servizio e l'informativa sulla privacy
legal-terms = Termini di servizio
legal-privacy = Informativa sulla privacy
legal-not-written = Il gestore di questa istanza non ha ancora pubblicato questo documento.
legal-updated = Ultima modifica il { $date }.
legal-admin-title = Termini e privacy
legal-admin-intro = Le persone accettano questi documenti all'iscrizione; la data viene conservata. Separa i paragrafi con una riga vuota.
error-document-long = Il documento è troppo lungo (al massimo 100.000 caratteri).
flash-legal-saved = I documenti sono stati salvati.

## I tuoi dati: esportazione e importazione
settings-data = I tuoi dati
export-title = Esporta i tuoi dati
export-explained = Un archivio del tuo account: il profilo, i tuoi post con le immagini, ciò che hai apprezzato e salvato, le tue proposte e manifestazioni di interesse con i loro file, e gli elenchi degli account che segui, blocchi e silenzi. Viene preparato in background; ti scriviamo quando è pronto e resta disponibile per una settimana.
export-request = Richiedi un archivio
export-download = Scarica
export-state-pending = in preparazione
export-state-ready = pronto
export-state-failed = non è stato possibile prepararlo
export-mail-body = L'archivio del tuo account è pronto. Puoi scaricarlo dalle impostazioni per { $days } giorni:
export-mail-button = Scarica l'archivio
error-export-too-soon = Un archivio è in preparazione o è stato creato meno di { $hours } ore fa.
flash-export-requested = Stiamo preparando il tuo archivio; ti scriveremo quando sarà pronto.
import-title = Porta i tuoi elenchi
import-explained = Importa i file CSV esportati da un altro server (Mastodon, per esempio): gli account che segui, blocchi o silenzi, e i tuoi segnalibri. Account e post di altri server vengono cercati uno a uno in background.
import-kind = Elenco
import-kind-following = Account che seguo
import-kind-blocks = Account che blocco
import-kind-mutes = Account che silenzio
import-kind-bookmarks = Segnalibri
import-mode = Cosa fare dell'elenco che ho
import-mode-merge = Aggiungere le voci del file
import-mode-overwrite = Sostituirlo con il file
import-file = File CSV
import-submit = Importa
import-pending = in attesa
import-progress = { $imported } su { $total } importati
import-not-found = Non trovati
flash-import-started = Stiamo importando il tuo elenco.
error-import-not-text = Il file non è un file di testo (CSV).
error-import-bad-line = La riga { $line } del file non è l'indirizzo di un account (utente@server) né il link di un post.
error-import-too-long = Il file ha più di { $max } righe.
error-import-empty = Il file non elenca nulla.
error-import-self = È il tuo stesso account.
error-mute-self = Non puoi silenziare te stesso.
account-suspended-notice = Il tuo account è sospeso: nessuno lo vede e non può pubblicare. Puoi leggere il motivo e fare ricorso, scaricare i tuoi dati o eliminarlo. Se la sospensione non viene revocata, viene cancellato 30 giorni dopo il suo inizio.

## Note e cronologia di una segnalazione
moderation-history = Cosa è stato fatto
moderation-notes = Note
moderation-note = Una nota per gli altri moderatori
moderation-add-note = Aggiungi la nota
moderation-console = la console
flash-note-added = La nota è stata aggiunta.
flash-note-blank = Una nota non può essere vuota.
error-report-note-blank = Scrivi la nota.
log-action-account-none = ha ammonito l'account
log-action-account-sensitive = ha segnato i suoi media come sensibili
log-action-account-disable = ha disattivato il suo accesso
log-action-account-silence = ha silenziato l'account
log-action-account-suspend = ha sospeso l'account
log-action-account-purge = ha cancellato l'account
log-action-enable = ha riattivato il suo accesso
log-action-unsilence = ha tolto il silenziamento
log-action-unsensitive = ha tolto il segno di contenuto sensibile
log-action-unsuspend = ha revocato la sospensione
log-action-status-remove = ha rimosso un post
log-action-report-resolve = ha risolto la segnalazione
log-action-report-reopen = ha riaperto la segnalazione
log-action-report-assign = ha preso in carico la segnalazione
log-action-appeal-approve = ha accolto un ricorso
log-action-appeal-reject = ha respinto un ricorso

## Schede della ricerca
search-tabs = Cosa cercare
search-tab-proposals = Proposte
search-tab-posts = Discussioni
search-tab-people = Persone
search-tab-groups = Temi e comunità
search-more = Altri risultati

## Trova e abbina
suggestion-needs = Cerca { $competences }, che conosci
suggestion-theme = In { $themes }, che segui
suggestion-language = Si lavora in { $languages }, che parli
suggestion-knows = Conosce { $competences }
error-competences-too-many = Indica al massimo { $max } competenze.
profile-competences = Cosa sai fare
profile-competences-help = Competenze, separate da virgole: ti abbinano alle proposte che le cercano.
profile-languages = Lingue di lavoro
profile-languages-help = Codici di lingua, separati da virgole (it, en, de…).
profile-kinds = Tipi di proposta che seguo
profile-stages = Fasi che seguo
suggestion-kind = Del tipo «{ $kind }», che segui
suggestion-stage = In fase «{ $stage }», che segui
home-for-you = Proposte per te
home-for-you-empty = Indica nel profilo cosa sai fare per vedere le proposte che lo cercano.
suggestion-dismiss = Non fa per me
proposal-suggested-people = Persone che potrebbero partecipare
proposal-suggested-none = Nessuno qui o nelle istanze collegate indica ancora ciò che questa proposta cerca.
flash-suggestion-dismissed = Quella proposta non ti sarà più suggerita.
error-competence-label-long = Un'etichetta ha al massimo 100 caratteri.
error-competence-merge = Scegli un'altra competenza in cui unire questa.
competences-title = Competenze
competences-explained = Il vocabolario comune di proposte e profili. Dai un nome a ogni competenza in entrambe le lingue e unisci i sinonimi: le proposte e i profili che indicano l'uno indicheranno l'altro, e i nuovi vi confluiranno.
competences-none = Nessuna competenza è stata ancora indicata.
competences-key = Chiave
competences-use = Usata da
competences-labels = Etichette
competences-merge = Unisci
competences-into = In
competences-proposals = { $count } proposte
competences-people = { $count } persone
flash-competence-saved = Le etichette sono state salvate.
flash-competence-merged = Le competenze sono state unite.
invitation-text = conosci ciò che serve a questa proposta: vuoi partecipare a «{ $title }»? { $link }
proposal-invite = Invita
flash-invitation-sent = L'invito è stato inviato come messaggio diretto.
people-title = Innovatori
people-explained = Persone di questo e di altri server che hanno scelto di farsi trovare, per ciò che sanno fare, i temi che seguono, la loro organizzazione e il loro server.
people-competence = Competenza
people-theme = Tema o comunità
people-any = Qualsiasi
people-organisation = Organizzazione
people-instance = Server (local, o un dominio)
people-filter = Filtra
people-none = Nessuno corrisponde a questi filtri.
nav-people = Innovatori
