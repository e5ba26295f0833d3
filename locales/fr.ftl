# Les pages de Lanterne en français. Les noms à gauche de chaque `=` et les { $variables }
# restent tels quels ; seul le texte se traduit. Syntaxe : https://projectfluent.org/fluent/guide/

## La langue, et comment elle écrit nombres et jours

language-name = Français
# Espace fine insécable entre les groupes de trois chiffres : 14 601.
number-group = { "\u202F" }
number-decimal = ,
percent = { $value }{ "\u202F" }%
points = { $value }{ "\u00A0" }{ $n ->
    [one] pt
   *[other] pts
}
date-format = %d/%m/%Y
# Excel en français sépare les colonnes d'un CSV par des points-virgules.
csv-separator = ;
# Excel en français a besoin d'une marque d'ordre d'octets en tête de fichier.
csv-bom = yes

## Nombres

count-links = { $count } { $n ->
    [one] lien
   *[other] liens
}

## Pages qu'un visiteur peut rencontrer sur un lien court

not-found-title = Lien introuvable
not-found-text = Aucun lien court n’existe à cette adresse. Vérifiez qu’elle a été copiée en entier.
gone-title = Lien indisponible
gone-text = Ce lien court ne mène plus nulle part : il a été désactivé, ou sa destination n’est plus permise sur ce serveur.
unavailable-title = Réessayez dans un instant
unavailable-text = Ce lien ne peut pas être consulté pour le moment. Merci de réessayer sous peu.
too-many-title = Trop de liens inconnus
too-many-text = Cette adresse a demandé trop de liens qui n’existent pas. Merci de patienter une minute.
expired-title = Lien expiré
expired-text = Ce lien court a expiré et ne mène plus nulle part.
not-started-title = Lien pas encore actif
not-started-text = Ce lien court n’est pas encore actif : il sera actif le { $date } à { $time } ({ $zone }). Revenez à ce moment-là.
password-title = Mot de passe requis
password-heading = Ce lien est protégé
password-text = Saisissez le mot de passe qui vous a été donné pour continuer.
password-wrong = Ce mot de passe n’est pas le bon. Merci de réessayer.
password-limited = Trop de mots de passe erronés. Merci de patienter quelques minutes avant de réessayer.
password-continue = Continuer
protected-title = Lien protégé
protected-text = Ouvrez ce lien dans un navigateur et saisissez son mot de passe pour continuer.
card-continue = Continuer vers la page

## Erreurs de l'interface

error-not-allowed = Non autorisé
error-not-valid = Invalide
error-not-possible = Impossible
error-method = Indisponible de cette façon
error-method-text = Cette adresse ne prend pas ce type de requête. Ouvrez-la depuis un lien ou un formulaire de Lanterne.
# Le lien sous une page d'erreur pour une personne connectée ; { $page } est le nom d'une page dans la navigation.
error-back = Retour à la page { $page }
error-not-found = Introuvable
error-not-found-text = { $what } (une suppression entre-temps peut l’expliquer). Revenez en arrière et rechargez la page.
# { $what } est l'un des messages missing-… plus bas, qui disent eux-mêmes, accordé, qu'il a pu être supprimé.
error-missing-text = { $what }. Revenez en arrière et rechargez la page.
error-expired-form = Ce formulaire a expiré
error-expired-form-text = Le formulaire ne vient pas de cette session. Revenez en arrière, rechargez la page et réessayez.
error-form-too-large = Formulaire trop volumineux
error-form-too-large-text = Le formulaire dépasse { $most } Mo : rien n’en a été gardé. Son image de carte fait au plus { $image } Mo. Revenez en arrière, choisissez une image plus légère et envoyez à nouveau le formulaire.
error-fault = Une erreur s’est produite
error-fault-text = Cette page n’a pas pu être construite ; la cause est dans le journal du serveur.
error-read-only = Votre rôle permet de lire le tableau de bord et les liens, pas de les modifier. Demandez à un administrateur.
error-other-site = Envoyé depuis un autre site
error-other-site-text = Ce formulaire ne fonctionne que depuis la page de ce site. Ouvrez-le ici et réessayez.
error-bad-filter = Filtre invalide
error-bad-filter-text = La période ou le fuseau horaire n’est pas valide.

## Toutes les pages

skip-to-content = Aller au contenu
nav-main = Principal
nav-dashboard = Tableau de bord
nav-links = Liens
nav-campaigns = Campagnes
nav-your-sites = Partage des sites
nav-kit = Kit de partage
nav-users = Utilisateurs
nav-channels = Canaux
nav-sites = Codes de suivi
nav-tokens = Jetons d’API
nav-account = Votre compte
sign-out = Se déconnecter
role-admin = administrateur
role-marketer = chargé de marketing
role-analyst = analyste
base-url-unreachable = Les liens courts pointent vers { $base }, une adresse qu’aucun visiteur ne peut joindre. Indiquez l’adresse publique de ce serveur dans LANTERNE_BASE_URL (par exemple https://go.exemple.fr) et redémarrez Lanterne.
tagline = Des liens courts qui mesurent le dark social : le partage privé distingué du partage public.

## Connexion et installation

sign-in = Se connecter
email = E-mail
password = Mot de passe
setup-title = Installation
setup-heading = Créer le premier administrateur
password-hint = (au moins 10 caractères)
password-again = Confirmez le mot de passe
setup-submit = Créer et se connecter
setup-once = Cette page n’apparaît qu’une fois, tant que le serveur n’a aucun utilisateur.
setup-bad-email = Saisissez une adresse e-mail valide.
setup-weak-password = Choisissez un mot de passe plus long : au moins 10 caractères.
setup-passwords-differ = Les deux mots de passe ne sont pas identiques.
login-too-many = Trop de tentatives de connexion échouées. Attendez { $count } { $n ->
    [one] minute
   *[other] minutes
} et réessayez.
login-wrong = L’e-mail ou le mot de passe n’est pas le bon.

## Votre compte

account-title = Votre compte
account-preferences = Langue et fuseau horaire
account-language = Langue
account-language-browser = Celle de mon navigateur ({ $language })
account-timezone = Fuseau horaire
account-timezone-server = Celui du serveur ({ $zone })
account-timezone-hint = Les heures et le direct s’affichent dans ce fuseau. Les jours vont de minuit à minuit dans le fuseau du serveur, pour que chacun compte les mêmes jours.
account-save = Enregistrer
account-unknown-timezone = { $zone } n’est pas un fuseau horaire : choisissez-en un dans la liste.
account-unknown-language = Il n’y a pas de langue { $tag }.

## Tableau de bord

dashboard-title = Tableau de bord
dashboard-heading = Tableau de bord du dark social
dashboard-one-link = Un lien :
dashboard-all-links = tous les liens
filters = Filtres
filter-period = Période
period-24h = Dernières 24 heures
period-7d = 7 derniers jours
period-30d = 30 derniers jours
period-90d = 90 derniers jours
period-all = Depuis le lancement
period-range = Du { $from } au { $to }
filter-from = Du
filter-custom = (personnalisé)
filter-to = Au
filter-campaign = Campagne
filter-all-campaigns = Toutes les campagnes
filter-channel = Canal
filter-all-channels = Tous les canaux
filter-tags = Thèmes
filter-all-tags = Tous les thèmes
filter-link = Lien
filter-slug = L’identifiant d’un lien, ou domaine/identifiant pour un lien sur un domaine de marque
filter-slug-placeholder = identifiant ou domaine/identifiant
filter-automated = Compter les aperçus et les robots
filter-show = Afficher
dashboard-days-note = Les jours vont de minuit à minuit, heure { $zone } (le fuseau horaire du serveur). Des dates personnalisées remplacent la période.
figures-as-of = Chiffres arrêtés à { $time } : la réplique de lecture d’où ils viennent a plus de 10 secondes de retard. Les clics depuis sont comptés et apparaîtront quand elle aura rattrapé ce retard.
dashboard-overview = Vue d’ensemble
how-much-dark = Quelle part vient du dark social ?
of-clicks-dark = des clics viennent du dark social
benchmark = — référence { $value } ({ $source })
source-dark = Dark social
source-public = Public
source-search = Recherche
source-referral = Sites référents
chart-split-label = Clics du dark social, publics, de recherche et de sites référents
dark-vs-public-line = Partage privé contre partage public, recherche et sites référents mis à part : { $share } en dark social. Sans aucun référent : { $count } { $n ->
    [one] clic
   *[other] clics
}.
traffic = Trafic
traffic-hits = requêtes
traffic-clicks = clics
unique-visitors = { $count } { $n ->
    [one] visiteur unique
   *[other] visiteurs uniques
}
shares-detected-line = { $previews_n ->
    [one] partage détecté
   *[other] partages détectés
} (aperçus de lien dans WhatsApp, iMessage, Slack…) et { $bots } { $bots_n ->
    [one] robot
   *[other] robots
}
not-counted = , non comptés comme clics
dashboard-untracked = Et { $count } { $n ->
    [one] visite
   *[other] visites
} sans suivi (DNT/GPC) depuis la création du lien : { $n ->
    [one] comptée
   *[other] comptées
} à part, dans aucun autre chiffre de cette page.
mobile-heading = Le dark social est-il mobile ?
of-dark-mobile = des clics du dark social viennent d’un mobile
mobile-public = Clics publics sur mobile : { $share }.
per-bucket = Dark social contre public, par { $bucket ->
    [hour] heure
   *[day] jour
}
right-now = En ce moment
live-loading = Chargement des 30 dernières minutes…
live-noscript = Sans JavaScript, ouvrez
live-noscript-link = les 30 dernières minutes
live-noscript-end = , une page qui se recharge toutes les 10 secondes.
live-title = 30 dernières minutes
live-page-every = Cette page se recharge toutes les 10 secondes.
live-back = Retour au tableau de bord
live-every = Mis à jour toutes les 10 secondes tant que la page est ouverte.
nothing-in-period = Rien sur cette période.
cities-unknown = Villes inconnues : la base de géolocalisation utilisée ne donne que le pays (une base avec les villes se règle avec LANTERNE_GEOIP_DB).
download-csv = Télécharger le CSV
download-everything = Télécharger tous les tableaux (zip de fichiers CSV)
chart-label = Clics par { $bucket ->
    [hour] heure
   *[day] jour
}, dark social contre public
chart-title = Clics par { $bucket ->
    [hour] heure
   *[day] jour
}
chart-bar = { $day } : { $count } { $n ->
    [one] { $source ->
        [dark] clic du dark social
        [public] clic public
        [search] clic de recherche
       *[referral] clic de site référent
    }
   *[other] { $source ->
        [dark] clics du dark social
        [public] clics publics
        [search] clics de recherche
       *[referral] clics de sites référents
    }
}

## Les 30 dernières minutes

live-clicks = { $n ->
    [one] clic
   *[other] clics
} ces 30 dernières minutes :
live-dark = { $count } en dark social
live-public = { $count } { $n ->
    [one] public
   *[other] publics
}
live-other = , { $count } depuis des moteurs de recherche et d’autres sites
live-previews = { " " }; et { $count } { $n ->
    [one] partage détecté
   *[other] partages détectés
} (aperçus de lien).
live-minute = Minute
live-caption = Clics par source, minute par minute, sur les 30 dernières minutes

## Les tableaux du tableau de bord

table-channels = Quelle part de chaque canal fuit vers les messageries privées ?
table-themes = Quel thème se partage le plus en privé ?
table-campaigns = Campagnes
table-devices = Appareils
table-countries = Pays
table-cities = Villes
table-referrers = Principaux référents
table-platforms = Principales plateformes (les partages détectés sont des aperçus de lien faits dans l’application)
table-links = Principaux liens
table-days = Par jour
table-hours = Par heure
table-recent = Dernières requêtes de ce lien
table-destinations = Quelle destination se partage en privé ? (l’URL du lien, ses règles et ses variantes A/B)
# Each dashboard table's caption: what it holds, for a screen reader's list of tables (its
# title, above it, is the question it answers).
table-channels-caption = Clics, part du dark social, fuite et partages détectés par canal déclaré
table-themes-caption = Clics dark social et publics par thème
table-campaigns-caption = Clics par source et partages détectés par campagne
table-devices-caption = Clics par source et partages détectés par appareil
table-countries-caption = Clics par source et partages détectés par pays
table-cities-caption = Clics par source et partages détectés par ville
table-referrers-caption = Clics par source et partages détectés par référent
table-platforms-caption = Clics par source et partages détectés par plateforme
table-links-caption = Clics par source et partages détectés par lien, avec sa campagne et son canal
table-days-caption = Clics par source et partages détectés sur la période, dans l’ordre du temps
table-destinations-caption = Clics par source et partages détectés par destination de ce lien
table-recent-caption = Dernières requêtes de ce lien, chacune avec sa classe et les indices qui l’ont décidée
col-destination = Destination
col-destination-url = Envoie vers
col-picked-by = Choisie pour
destination-url = L’URL du lien
destination-rule = Règle { $n }
destination-variant = Variante { $n }
destination-expired = Après la fin
destination-none = Page du mot de passe
picked-by-device = { $device }
picked-by-country = { $country }
picked-by-weight = Poids { $weight }
col-channel = Canal
col-reach = Portée
col-clicks = Clics
col-dark = Dark social
col-public = Publics
col-search = Recherche
col-referral = Référents
col-previews = Partages détectés
col-dark-share = Part du dark social
col-leakage = Fuite (canaux publics)
col-shares-detected = Partages détectés
col-shares-by-platform = Partages par plateforme
col-tag = Thème
col-private-vs-public = Privé contre public
col-campaign = Campagne
col-device = Appareil
col-country = Pays
col-city = Ville
col-referrer = Référent
col-platform = Plateforme
col-link = Lien
col-day = Jour
col-hour = Heure
col-time = Heure
col-kind = Type
col-source = Source
col-evidence = Indice
col-browser = Navigateur
# Values in the tables' cells, on the page and in its CSV downloads; the API keeps the raw ones (`desktop`, `(unknown)`).
device-desktop = Ordinateur
device-mobile = Mobile
device-tablet = Tablette
device-bot = Robot
device-previews = Aperçus de lien
device-preview = Aperçu de lien
device-other = Autre appareil
device-unknown = Appareil inconnu
kind-click = clic
kind-preview = aperçu
kind-bot = robot
source-value-dark = dark social
source-value-public = public
source-value-search = recherche
source-value-referral = site référent
evidence-referrer = référent
evidence-user_agent = agent utilisateur
evidence-none = aucun
value-unknown = (inconnu)
value-no-campaign = (sans campagne)
value-untagged = (sans thème)
# Agreed with the channel's name: $gender is its `.gender` (feminine), or other.
reach-private = { $gender ->
    [feminine] privée
   *[other] privé
}
reach-public = { $gender ->
    [feminine] publique
   *[other] public
}
reach-other = autre
# The built-in channels' names, on the pages and in the dashboard's CSV (their keys stay as they are in links, the links export and the API).
channel-name-whatsapp = WhatsApp
channel-name-messenger = Messenger
channel-name-telegram = Telegram
channel-name-signal = Signal
channel-name-sms = SMS
channel-name-email = E-mail
channel-name-newsletter = Newsletter
    .gender = feminine
channel-name-slack = Slack
channel-name-discord = Discord
channel-name-facebook = Facebook
channel-name-x = X
channel-name-linkedin = LinkedIn
channel-name-instagram = Instagram
channel-name-tiktok = TikTok
channel-name-reddit = Reddit
channel-name-qr = QR / imprimé
channel-name-copy-link = Copie du lien
    .gender = feminine
channel-name-other = Autre

## Comparé à la période précédente

compare-count = { $change } par rapport à { $before }
compare-new = nouveau : { $change }, rien sur la période précédente
compare-still-none = toujours rien
compare-share = { $change } par rapport à { $before }
compare-period = Par rapport à la période précédente : du { $from } au { $to }, de même durée et avec les mêmes filtres.
report-period = Période : { $from } – { $to }
report-made = Établi le { $when } ({ $zone }).
report-range = Une plage de jours
compare-period-report = Par rapport à la période précédente : du { $from } au { $to }, de même durée.
chart-previous = La période précédente
benchmark-source = RadiumOne/po.st, 2014

## Ce que veulent dire les mots (à un survol ou une touche)

words = Ce que veulent dire les mots
define-clicks = Clics
define-clicks-text = Des personnes qui ont suivi un lien. Les aperçus de lien et les robots ne sont pas des clics : ils sont comptés à part.
define-dark = Dark social
define-dark-text = Un clic sans aucun signe de source publique : sans référent, ou avec celui d’un canal privé (webmail, version web ou navigateur intégré d’une messagerie). C’est le partage en privé : messages, e-mail, SMS, copier-coller.
define-public = Public
define-public-text = Un clic venu d’un réseau social public (Facebook, X, LinkedIn, Instagram, Reddit…) : son référent ou son navigateur intégré l’indique.
define-search = Recherche
define-search-text = Un clic venu d’un moteur de recherche.
define-referral = Sites référents
define-referral-text = Un clic venu de toute autre page web : blogs, sites d’actualité, assistants d’IA…
define-dark-share = Part du dark social
define-dark-share-text = Les clics du dark social parmi tous les clics. Le chiffre clé de ce qui se partage en privé.
define-private-vs-public = Privé contre public
define-private-vs-public-text = Les clics du dark social parmi les seuls clics du dark social et publics, recherche et sites référents mis à part : comment on partage quand on partage, en privé ou en public.
define-shares-detected = Partages détectés
define-shares-detected-text = Des aperçus de lien : une application (WhatsApp, iMessage, Slack…) a lu le lien pour en montrer l’aperçu parce que quelqu’un l’y a collé, même si personne n’a encore cliqué.
define-leakage = Fuite
define-leakage-text = Pour un lien publié en public (Facebook, X, LinkedIn…) : la part de ses clics venue du privé. La publication a été relayée dans des conversations privées.
define-no-referrer = Sans référent
define-no-referrer-text = Les clics arrivés sans aucun référent : la définition classique du dark social (Alexis C. Madrigal, 2012).
define-mobile-dark = Clics du dark social sur mobile
define-mobile-dark-text = La part des clics du dark social venus d’un téléphone ou d’une tablette : ce que pèse le mobile dans le partage privé.
define-benchmark = Références
define-benchmark-text = 69 % de tous les partages passent par le dark social, et 36 % du dark social se fait sur mobile (RadiumOne/po.st, 2014).

## La page d'une campagne : son rapport, ses liens et ses réglages

campaign-report = Comment s’est passée cette campagne ?
campaign-print = Imprimer ou enregistrer en PDF
campaign-per-channel = Par canal
# The report's table for a screen reader ($from, $to: the period's first and last days).
report-channels-caption = Clics, part du dark social, fuite et partages de la campagne { $campaign } par canal, { $from } – { $to }
campaign-trend = Clics par jour
campaign-no-channel = Sans canal
campaign-dashboard-link = Tout sur cette campagne dans le tableau de bord →
campaign-summary = Résumé
campaign-destination = Destination
campaign-none = aucun
campaign-utm-off = désactivé
campaign-links = Liens par canal
campaign-links-caption = Liens de la campagne { $campaign }, par canal
# A campaign's row for a screen reader ($link: go.example/abc, $channel: WhatsApp).
link-on-channel = { $link } ({ $channel })
campaign-copy-all = Copier tous les liens
campaign-copy-line = { $channel } : { $url }
campaign-short-link = Lien court
campaign-qr = QR code
campaign-qr-of = QR code du lien { $url }
campaign-actions = Actions
campaign-off = (désactivé)
campaign-blocked = (bloqué)
campaign-copy = Copier
campaign-stats = Statistiques
campaign-edit = Modifier
campaign-turn-off = Désactiver
campaign-turn-on = Activer
campaign-no-more-links = Plus aucun lien.
campaign-no-links = Aucun lien dans cette campagne (ou plus aucun).
campaign-add-channels = Ajouter des canaux
campaign-every-channel = Chaque canal du catalogue a déjà un lien dans cette campagne.
campaign-add-legend = Un nouveau lien par canal coché, vers { $url }
campaign-add-submit = Ajouter les liens
campaign-settings = Réglages des nouveaux liens
campaign-settings-hint = Les liens déjà créés gardent leur destination ; modifiez-les un par un s’il faut la changer.
campaign-destination-url = URL de destination
campaign-utm-add = Ajouter utm_source, utm_medium et utm_campaign aux nouveaux liens
campaign-save-settings = Enregistrer les réglages
card-legend = Carte d’aperçu
card-hint = Ce qu’affichent WhatsApp, iMessage, Slack ou Telegram quand on colle un des liens que le kit crée pour cette campagne. Laissée vide, ils affichent celle de la destination.
card-title = Titre
card-description = Description
card-image = URL de l’image
campaign-rename = Renommer
campaign-rename-hint = Ses liens portent le nouveau nom aussitôt, et le tableau de bord compte leurs clics sous ce nom. utm_campaign reste tel que réglé plus haut.
campaign-name = Nom
campaign-delete = Supprimer la campagne
campaign-delete-confirm = Supprimer la campagne { $name } ?
campaign-delete-confirm-links = Supprimer la campagne { $name } et { $n ->
    [one] son lien
   *[other] ses { $count } liens
}, avec toutes { $n ->
    [one] ses requêtes
   *[other] leurs requêtes
} ? C’est définitif.
campaign-delete-confirm-keeping = Supprimer la campagne { $name } ? { $n ->
    [one] Son lien reste
   *[other] Ses { $count } liens restent
}, sans campagne.
campaign-its-links = { $n ->
    [one] Son lien
   *[other] Ses { $count } liens
}
campaign-keep-links = { $n ->
    [one] Le garder, avec ses requêtes, sans campagne
   *[other] Les garder, avec leurs requêtes, sans campagne
}
campaign-delete-links = { $n ->
    [one] Le supprimer, avec toutes ses requêtes
   *[other] Les supprimer, avec toutes leurs requêtes
}
campaign-delete-has-links = Cette campagne a encore des liens : choisissez de les supprimer avec elle ou de les garder sans campagne.
campaign-has-no-links = Elle n’a aucun lien.
sparkline-label = { $channel } : { $count } { $n ->
    [one] clic
   *[other] clics
} sur { $days } jours
share-title = Partager ce rapport avec un client
share-hint = Un lien secret ouvre ce rapport, et rien d’autre, sans connexion. Qui a le lien peut le lire jusqu’à son expiration ou jusqu’à ce que vous le révoquiez.
share-make = Créer un lien de partage
share-label = Pour qui (facultatif)
share-label-example = Maison Dupont, équipe marketing
share-made-now = Lien de partage créé. Copiez-le maintenant : il n’est affiché que cette fois.
share-made = Créé le { $date } par { $who }
share-revoke = Révoquer
share-revoke-confirm = Révoquer ce lien ? Qui l’a ne pourra plus lire le rapport.
share-read-only = Un rapport en lecture seule, partagé avec vous.
share-revoked-title = Ce rapport n’est plus partagé
share-revoked-text = Ce rapport n’est plus partagé. Demandez un nouveau lien à la personne qui vous l’a envoyé.
share-unknown-title = Rapport introuvable
share-unknown-text = Ce lien n’ouvre aucun rapport. Vérifiez qu’il a été copié en entier.
share-label-on-report = L’afficher sur le rapport, en « Préparé pour … » sous le nom de la campagne
share-label-hint = Case cochée, le client lit ce nom sur son rapport : écrivez-le comme il doit le voir. Décochez-la pour garder ce nom dans cette liste seulement.
share-period-hint = Le rapport s’ouvre sur la période affichée plus haut ({ $period }) ; son lecteur peut en choisir une autre.
share-period = S’ouvre sur : { $period }
share-label-private = non affiché sur le rapport
share-language = Langue du rapport
share-language-en = Rapport en anglais
share-language-fr = Rapport en français
share-language-reader = Dans la langue du navigateur du lecteur
share-expires = Validité du lien
share-lapse-never = Jusqu’à révocation
share-lapse-30 = 30 jours
share-lapse-90 = 90 jours
share-lapse-365 = 1 an
share-expires-on = Expire le { $date }
share-expired-on = Expiré le { $date } : il n’ouvre plus le rapport
share-remove = Retirer
# What a screen reader says for this control on each row, naming the row.
share-revoke-of = Révoquer le lien de partage ({ $share })
share-remove-of = Retirer le lien de partage ({ $share })
share-for = Préparé pour { $who }
report-by = Préparé par { $agency }
report-by-for = Préparé par { $agency } pour { $who }

# Importer des liens (/links/import) et les télécharger tous (page Liens)
import-title = Importer des liens
import-upload = Un fichier d’un autre raccourcisseur
import-intro = Les liens gardent leur identifiant : liens imprimés et QR codes continuent de fonctionner dès que leur domaine pointe ici et est choisi sous Domaine (la page Domaines l’ajoute). Importer de nouveau le même fichier ne change rien. Les lignes impossibles à importer sont listées par numéro ; les autres sont importées.
import-format = Format
import-file = Fichier
import-campaign = Campagne des lignes qui n’en nomment pas (facultatif)
import-on-domain = Les liens seront sur { $domain }.
import-preview = Aperçu
import-preview-title = Ce que l’import ferait
import-first-rows = Premières lignes
# The preview's table, for a screen reader's list of tables.
import-first-rows-caption = Premières lignes du fichier : la ligne, l’identifiant et la destination de chacune, et ce que l’import en ferait
import-line = Ligne
import-slug = Identifiant
import-url = Destination
import-verdict = Ce qui se passe
import-verdict-new = Nouveau lien
import-verdict-unchanged = Inchangé : déjà là
import-problems = Lignes impossibles à importer
import-problem = Ligne { $line } : { $reason }
import-count-new = { $n ->
    [one] { $count } nouveau lien
   *[other] { $count } nouveaux liens
}
import-count-created = { $n ->
    [one] { $count } lien importé
   *[other] { $count } liens importés
}
import-count-unchanged = { $n ->
    [one] { $count } inchangé
   *[other] { $count } inchangés
}
import-count-problems = { $n ->
    [one] { $count } ligne impossible à importer
   *[other] { $count } lignes impossibles à importer
}
import-confirm = { $n ->
    [one] Importer { $count } lien
   *[other] Importer { $count } liens
}
import-done-title = Import terminé
import-see-links = Voir les liens
import-another = Importer un autre fichier
import-no-file = Choisissez un fichier à importer.
import-no-format = Choisissez le format du fichier dans la liste.
links-import = Importer des liens
links-export-csv = Télécharger tous les liens (CSV)
links-export-json = Télécharger tous les liens (JSON)
## Ce que toute page de réglages peut répondre

admins-only-channels = Seuls les administrateurs ajoutent ou retirent des canaux. Demandez à un administrateur si vous en avez besoin.
admins-only-domains = Seuls les administrateurs ajoutent ou retirent des domaines. Demandez à un administrateur si vous en avez besoin.
admins-only-sites = Seuls les administrateurs enregistrent ou modifient des sites. Demandez à un administrateur si vous en avez besoin.
admins-only-tokens = Seuls les administrateurs gèrent les jetons d’API. Demandez à un administrateur si vous en avez besoin.
admins-only-users = Seuls les administrateurs gèrent les utilisateurs. Demandez à un administrateur si vous en avez besoin.
admins-only-webhooks = Seuls les administrateurs gèrent les webhooks. Demandez à un administrateur si vous en avez besoin.
admins-only-agency = Seuls les administrateurs modifient le nom de l’agence. Demandez à un administrateur si vous en avez besoin.
admins-only-import = Seuls les administrateurs importent des liens. Demandez à un administrateur si vous en avez besoin.
admins-only-invitations = { admins-only-users }
missing-campaign = Cette campagne n’existe pas (peut-être supprimée entre-temps)
missing-channel = Ce canal n’existe pas (peut-être supprimé entre-temps)
missing-domain = Ce domaine n’existe pas (peut-être supprimé entre-temps)
missing-site = Ce site n’existe pas (peut-être supprimé entre-temps)
missing-table = Ce tableau n’existe pas
missing-link = Ce lien n’existe pas (peut-être supprimé entre-temps)
missing-user = Cet utilisateur n’existe pas (peut-être supprimé entre-temps)
missing-share-link = Ce lien de partage n’existe pas (peut-être révoqué entre-temps)
missing-invitation = Cette invitation n’existe pas (peut-être supprimée entre-temps)
missing-webhook = Ce webhook n’existe pas (peut-être supprimé entre-temps)
missing-token = Ce jeton n’existe pas (peut-être révoqué entre-temps)
creation-limited = Vous pouvez créer au plus { $count } { $n ->
    [one] lien
   *[other] liens
} par minute. Patientez un instant.
col-hits = Requêtes
col-created = Création

## Campagnes

campaigns-new = Nouvelle campagne
campaigns-new-hint = avec le kit de partage : un lien par canal
campaigns-newest-first = (les plus récentes d’abord)
campaigns-caption = Toutes les campagnes, des plus récentes aux plus anciennes, avec leur destination, leurs thèmes, leurs liens et leurs clics
campaigns-none = Aucune campagne pour l’instant.
campaigns-none-start = Aucune campagne pour l’instant : lancez-en une avec le
campaigns-kit-link = kit de partage

## Réglages → Canaux

channels-intro = Là où les équipes marketing placent leurs liens. Le kit de partage propose chacun des canaux ci-dessous ; la portée décide comment le tableau de bord compte un canal (les canaux privés sont du dark social) et l’utm_medium de ses liens.
channels-add = Ajouter un canal
channels-key = Clé
channels-key-hint = (facultative : tirée du libellé ; a-z, 0-9, -)
channels-key-title = Lettres minuscules, chiffres et -
channels-label = Libellé
channels-label-placeholder = Intranet du personnel
channels-submit = Ajouter le canal
channels-catalogue = Catalogue
channels-remove = Retirer
# What a screen reader says for this control on each row, naming the row.
channels-remove-of = Retirer le canal { $label }
channels-remove-confirm = Retirer le canal { $label } ? Les liens qui le déclarent le gardent, comptés comme « autre ».
channels-built-in = intégré
channels-gender = Genre du libellé
channels-gender-hint = (la portée s’accorde avec lui : « Newsletter privée »)
channels-gender-masculine = Masculin (« privé », « public »)
channels-gender-feminine = Féminin (« privée », « publique »)
channels-gender-of = Genre du canal { $label }
channels-gender-save = Enregistrer
# What a screen reader says for this control on each row, naming the row.
channels-gender-save-of = Enregistrer le genre du canal { $label }

## Réglages → Sites

# Peut contenir des balises <code> : les garder.
sites-intro = Vos propres sites web. Leurs pages incluent le code de suivi, qui compte ce que les liens courts ne voient pas : les lecteurs qui copient l’adresse depuis la barre du navigateur dans une conversation, les copies, et vos boutons de partage. Pour chaque vue, copie ou utilisation d’un bouton de partage, il envoie la clé du site, l’adresse de la page (de sa requête, seulement les paramètres utm_*), le référent et un identifiant de partage gardé dans le fragment de l’adresse ; aucun cookie, et l’adresse IP du lecteur n’est jamais conservée. Les lecteurs qui demandent à ne pas être suivis (Do Not Track, Global Privacy Control) sont comptés par page et par jour, sans rien d’autre.
sites-register = Enregistrer un site
sites-name = Nom
sites-name-placeholder = Le Quotidien
sites-domains = Domaines
sites-domains-hint = (un par ligne ; chaque sous-domaine à part)
sites-register-submit = Enregistrer
sites-readers-share = Ce que partagent ses lecteurs
sites-key = Clé
sites-key-hint = (publique : elle ne fait que nommer le site)
sites-domain-shared = { $domain } est aussi un domaine du site « { $other } » : chaque page compte pour le site dont son code de suivi porte la clé. Retirez-le de l’un des deux, sauf si c’est voulu.
sites-snippet = Le code de suivi
sites-snippet-where = Placez-le dans le <code>&lt;head&gt;</code> de chaque page :
sites-copy = Copier le code de suivi
sites-options = Avec toutes les options — copies comptées, <code>utm_*</code> retirés de la barre d’adresse une fois comptés, et boutons de partage dessinés dans l’élément <code>id="share"</code> :
sites-copy-options = Copier le code de suivi avec toutes les options
sites-buttons-place = Les boutons de partage sont dessinés dans l’élément de la page qui porte <code>id="share"</code> : placez-en un à l’endroit voulu.
sites-buttons-labels = Les boutons parlent la langue de la page, lue dans <code>&lt;html lang="…"&gt;</code> : français ou anglais (anglais pour les autres langues). Pour choisir vous-même leurs mots, ajoutez au code de suivi un <code>data-label-…</code> par bouton (<code>whatsapp</code>, <code>telegram</code>, <code>email</code>, <code>sms</code>, <code>copy</code>, <code>x</code>, <code>facebook</code>, <code>linkedin</code>, <code>share</code>), par exemple <code>data-label-copy="Copier l'adresse"</code>, et <code>data-buttons-label="Partager cet article"</code> pour nommer le groupe auprès des lecteurs d’écran.
sites-csp = Une page dotée d’une Content-Security-Policy nomme Lanterne dans deux de ses directives :
sites-change = Modifier
sites-save = Enregistrer
sites-delete = Supprimer ce site
# What a screen reader says for this control on each row, naming the row.
sites-copy-of = Copier le code de suivi du site { $site }
sites-copy-options-of = Copier le code de suivi avec toutes les options, site { $site }
sites-save-of = Enregistrer le site { $site }
sites-delete-of = Supprimer ce site ({ $site })
sites-name-of = Nom du site { $site }
sites-domains-of = Domaines du site { $site }
sites-delete-confirm = Supprimer le site { $name } et les chiffres de ses pages ? Les liens de ses boutons de partage restent, avec leurs clics.
sites-none = Aucun site pour l’instant.
sites-reception = Le code de suivi est-il bien reçu ?
sites-last-event = Dernier événement reçu : { $when }.
sites-no-event = Aucun événement reçu pour l’instant. Une fois le code de suivi placé dans une page de l’un des domaines ci-dessus, ouvrir cette page en envoie un (les lecteurs qui demandent à ne pas être suivis sont comptés sans heure : leurs vues n’apparaissent pas ici).
sites-refused = Refusés récemment — ces hôtes ont envoyé des événements qui n’ont pas été comptés :
sites-refused-page = { $host } (pas un des domaines du site) : { $count } { $n ->
    [one] événement
   *[other] événements
}, le dernier le { $when }
sites-refused-origin = { $host } (le navigateur indique que la page s’y trouvait, et ce n’est pas un des domaines du site) : { $count } { $n ->
    [one] événement
   *[other] événements
}, le dernier le { $when }
sites-add-domain = Ajouter { $host } au site
site-taken = Il existe déjà un site nommé « { $name } ». Choisissez un autre nom.
site-name-missing = Donnez un nom au site.
site-name-too-long = Le nom dépasse 64 caractères.
site-name-control = Le nom contient des caractères de contrôle.
site-no-domain = Indiquez au moins un domaine, par exemple news.example.
site-too-many-domains = Un site compte au plus 50 domaines : enregistrez plusieurs sites.
site-wildcard = « { $given } » est un joker : indiquez chaque sous-domaine sur sa propre ligne.
site-credentials = « { $given } » contient un identifiant ou un mot de passe : donnez seulement le nom d’hôte.
site-has-path = « { $given } » contient un chemin : donnez seulement le nom d’hôte, par exemple news.example.
site-not-web = « { $given } » n’est pas une adresse web.
site-not-host = « { $given } » n’est pas un nom d’hôte.
site-no-dot = « { $given } » n’a pas de point : donnez des noms d’hôte complets, comme agence.fr, un par ligne (« agence test.fr » sur une ligne se lit comme deux noms).

## Vos sites : ce que partagent leurs lecteurs

site-list-intro = Quelle part du partage de vos propres pages passe par le dark social : les lecteurs qui copient l’adresse dans une conversation ou un e-mail, les copies, les boutons de partage, et d’où vient chaque arrivée. Compté par le code de suivi de vos pages.
site-list-heading = Vos sites
site-list-register = Enregistrez-en un
site-list-register-end = et placez son code de suivi dans vos pages.
site-list-admin = Un administrateur enregistre les sites.
site-heading = { $site } : ce que partagent ses lecteurs
site-one-page = Une page :
site-all-pages = toutes les pages
site-days-note = Les jours vont de minuit à minuit, heure { $zone }. Seules les personnes comptent : les aperçus de lien et les robots sont mis à part.
site-overview = Vue d’ensemble
site-how-dark = Quelle part du partage passe par le dark social ?
site-of-arrivals-dark = des arrivées viennent du dark social
site-no-arrival = aucune arrivée sur cette période
site-benchmark = — référence { $value }
site-arrivals-line = { $arrivals } { $arrivals_n ->
    [one] arrivée
   *[other] arrivées
} sur { $views } { $views_n ->
    [one] vue
   *[other] vues
} ; { $internal } { $internal_n ->
    [one] vue venait
   *[other] vues venaient
} d’une autre page du site ; { $private_n ->
    [0] aucune vue de lecteurs ayant demandé à ne pas être suivis.
    [one] { $private } vue d’un lecteur ayant demandé à ne pas être suivi (comptée, rien d’autre n’est gardé).
   *[other] { $private } vues de lecteurs ayant demandé à ne pas être suivis (comptées, rien d’autre n’est gardé).
}
site-ga = À la manière de Google Analytics
site-direct-deep = des arrivées sont « directes » sur une URL profonde
site-direct-deep-text = { $count } { $n ->
    [one] arrivée
   *[other] arrivées
} sans aucun référent sur une page autre que l’accueil, dont personne ne tape l’adresse : l’heuristique des analystes pour le dark social dans Google Analytics, à côté de la part affinée à gauche, qui compte aussi les webmails, les navigateurs intégrés des messageries et les adresses copiées.
site-how-shared = Comment se partage-t-il ?
site-address-bar = Barre d’adresse
site-address-bar-text = { $n ->
    [one] adresse copiée puis ouverte
   *[other] adresses copiées puis ouvertes
}
site-copies = Copies
site-copies-text = { $n ->
    [one] sélection copiée
   *[other] sélections copiées
}
site-buttons = Boutons de partage
site-button-share = Menu de partage du téléphone
site-virality = Viralité
site-no-share = aucun partage pour l’instant
site-per-share = { $n ->
    [one] arrivée par partage
   *[other] arrivées par partage
}
site-virality-text = { $shares } { $shares_n ->
    [one] partage
   *[other] partages
} (vues dont quelqu’un a ouvert l’adresse, et utilisations des boutons de partage) ; arrivées qui en viennent : { $opened } { $opened_n ->
    [one] adresse copiée puis ouverte
   *[other] adresses copiées puis ouvertes
}, { $clicks } { $clicks_n ->
    [one] clic
   *[other] clics
} sur les liens des boutons de partage.
site-generations = Jusqu’où vont les partages ?
site-generations-text = La génération 0 est arrivée sans partage ; la génération 1 a ouvert une adresse partagée par un lecteur de la génération 0 ; et ainsi de suite.
# The site-*-caption messages: what each table holds, for a screen reader's list of tables
# (its heading, above it, is the question it answers).
site-generations-caption = Vues par génération de partage, et la part des vues de chaque génération
site-col-generation = Génération
site-col-views = Vues
site-col-share-of-views = Part des vues
site-shares-csv = Partages par méthode (CSV)
site-pages = Quelles pages sont partagées ?
site-pages-caption = Pour chaque page : vues, arrivées, part du dark social, partages par méthode et arrivées rapportées aux partages
site-col-page = Page
site-col-arrivals = Arrivées
site-col-dark-share = Part du dark social
site-col-direct-deep = Directes, URL profonde
site-col-buttons = Boutons
site-col-share-clicks = Clics sur liens de partage
site-col-per-share = Arrivées par partage
site-col-internal = Depuis les pages du site
site-col-private-views = Vues sans suivi (DNT)
site-col-direct = Directes
site-col-shared-views = Vues dont l’adresse a été ouverte
site-col-method = Méthode
site-col-shares = Partages
site-no-view = Aucune vue sur cette période. Le code de suivi est-il dans les pages du site ?
site-more-pages = Et { $count } { $n ->
    [one] page de plus
   *[other] pages de plus
}, dans le CSV.
site-utm = Par campagne UTM
site-utm-text = Les vues selon l’utm_source, l’utm_medium et l’utm_campaign de l’adresse de la page : les lecteurs de quelle campagne font suivre la page en privé. Les vues dont l’adresse ne portait aucun paramètre UTM sont comptées sous « (non renseigné) » ; les lecteurs qui ont demandé à ne pas être suivis ne sont comptés que par page, pas ici.
site-utm-caption = Vues, arrivées et vues dark social par source, support et campagne UTM
site-utm-none = (non renseigné)
site-utm-show = Afficher les vues par campagne UTM
site-utm-on-demand = Compté à la demande : sur un site très visité, cela relit toutes les vues de la période.
site-col-utm-source = Source (utm_source)
site-col-utm-medium = Support (utm_medium)
site-col-utm-campaign = Campagne (utm_campaign)
site-col-dark-views = Vues dark social
site-more-campaigns = Et { $count } { $n ->
    [one] ligne de plus
   *[other] lignes de plus
}, dans le CSV.

## Réglages → Jetons d'API

tokens-new-heading = Votre nouveau jeton
tokens-copy-now = Copiez-le maintenant : il n’est affiché qu’une fois et n’est conservé que sous forme d’empreinte.
tokens-new = Nouveau jeton
tokens-name = Nom
tokens-name-placeholder = Export CRM
col-role = Rôle
tokens-role-analyst = analyste (lecture seule)
tokens-role-marketer = chargé de marketing (liens)
tokens-create = Créer le jeton
tokens-list = Jetons
tokens-state = État
tokens-revoked = révoqué
tokens-active = actif
tokens-revoke = Révoquer
# What a screen reader says for this control on each row, naming the row.
tokens-revoke-of = Révoquer le jeton { $name }
tokens-revoke-confirm = Révoquer le jeton { $name } ? Les programmes qui l’utilisent cesseront de fonctionner.
tokens-none = Aucun jeton pour l’instant.
pick-role = Choisissez un rôle : administrateur, chargé de marketing ou analyste.

## Réglages → Utilisateurs

users-intro = Les administrateurs font tout ; les chargés de marketing créent liens et campagnes ; les analystes lisent le tableau de bord et les liens.
users-add = Ajouter un utilisateur
users-people = Personnes
users-since = Depuis
users-you = (vous)
users-role-of = Rôle du compte { $email }
users-change = Modifier
users-delete = Supprimer
# What a screen reader says for this control on each row, naming the row.
users-change-of = Modifier le rôle du compte { $email }
users-delete-of = Supprimer { $email }
users-delete-confirm = Supprimer le compte { $email } ? La personne est déconnectée aussitôt.
users-taken = « { $email } » a déjà un compte.
users-delete-self = Vous ne pouvez pas supprimer votre propre compte : un autre administrateur le peut.
users-last-admin-role = Vous ne pouvez pas changer le rôle du dernier administrateur : nommez d’abord un autre administrateur.
users-last-admin-delete = Vous ne pouvez pas supprimer le dernier administrateur : nommez d’abord un autre administrateur.

## Morceaux de plusieurs pages : QR codes, pages d'une liste, le champ des thèmes

qr-download = Télécharger
pager-label = Pages
pager-previous = ← Précédente
pager-page = Page { $page }
pager-next = Suivante →
tags-hint = (thèmes séparés par des virgules)
tags-placeholder = offres, voyages

## Le kit de partage

kit-url-placeholder = https://example.com/printemps
kit-intro = Un lien court par canal, en une seule étape. Les canaux privés (messageries, e-mail, SMS) sont le terrain du dark social ; les comparer aux canaux publics, c’est ce que montre le tableau de bord.
kit-created = { $count } { $n ->
    [one] lien
   *[other] liens
} pour { $campaign }
kit-reused = Ils ont rejoint la campagne existante, avec sa destination, ses thèmes et son réglage UTM.
kit-card-kept-title = La carte de la campagne a gardé son propre titre : celui du formulaire n’a pas été utilisé.
kit-card-kept-description = La carte de la campagne a gardé sa propre description : celle du formulaire n’a pas été utilisée.
kit-card-kept-image = La carte de la campagne a gardé sa propre image : celle du formulaire n’a pas été utilisée.
kit-card-kept-change = Modifier la carte de la campagne dans ses réglages →
kit-copy-and-qr = Copier et QR code
kit-open-campaign = Ouvrir la campagne : tous ses liens, leurs QR codes et leurs requêtes →
kit-campaign-placeholder = Soldes de printemps
kit-missing-channel = Il manque un canal ?
kit-add-to-catalogue = Ajoutez-le au catalogue
kit-utm = Paramètres UTM
kit-utm-add = Ajouter utm_source (le canal), utm_medium et utm_campaign à chaque destination
optional = (facultatif)
kit-submit = Créer les liens
kit-utm-placeholder = tiré du nom, par ex. soldes-de-printemps
kit-options-summary = Dates, limite de clics et mot de passe de ces liens
kit-options-hint = Chaque lien créé maintenant les reçoit ; la campagne ne les garde pas pour les liens qu’elle recevra plus tard. Chaque lien peut ensuite être modifié à part.

## Réglages → Canaux : ce qui ne va pas dans un nouveau canal

channel-key-length = La clé doit compter de 1 à 32 caractères.
channel-key-chars = La clé ne peut contenir que des lettres a-z, des chiffres et « - ».
channel-key-not-from-label = Le libellé « { $label } » ne donne aucune clé utilisable (lettres a-z, chiffres et -) : saisissez une clé.
channel-built-in = « { $key } » est déjà un canal intégré.
channel-label-missing = Donnez un libellé au canal.
channel-label-too-long = Le libellé dépasse 64 caractères.
channel-label-control = Le libellé contient des caractères de contrôle.
channel-bad-reach = La portée doit être « private », « public » ou « other », pas « { $reach } ».
channel-bad-gender = Le genre doit être « masculine » ou « feminine », pas « { $gender } ».
channel-taken = Il existe déjà un canal « { $key } ».

## Les options d'un lien (la page de modification et le kit de partage)

options-summary = Options : carte d’aperçu, dates, limite de clics, mot de passe, ciblage, test A/B
options-card-hint = Ce que WhatsApp, iMessage, Slack, Telegram et les autres applications montrent quand le lien est collé dans une conversation. Les personnes vont toujours directement à la destination.
options-card-password = Ce lien a un mot de passe : ses aperçus affichent « Lien protégé », jamais cette carte. Retirez le mot de passe pour que les applications de messagerie montrent la carte.
options-card-upload = …ou envoyez une image
options-card-upload-hint = (PNG, JPEG ou WebP, 2 Mo au plus)
card-upload-again = L’image choisie n’a pas été gardée : choisissez-la de nouveau.
options-card-image-alt = L’image de la carte
options-dates = Dates et limite de clics
options-starts = Début
options-expires = Fin
options-max-clicks = Limite de clics
options-max-clicks-hint = (personnes ; les aperçus et les robots ne comptent pas)
options-expired-url = Une fois expiré, envoyer vers
options-expired-url-hint = (sinon : une page qui dit que le lien a expiré)
options-password = Mot de passe
options-new-password = Nouveau mot de passe
options-new-password-hint = (vide : garder l’actuel)
options-password-hint = (à saisir pour continuer)
options-password-remove = Retirer le mot de passe
options-targeting = Ciblage
options-targeting-hint = Essayées dans l’ordre : la première règle qui correspond décide ; sinon la destination (ou le test A/B) ci-dessus.
options-when = Si
options-ios = iPhone ou iPad
options-desktop = Ordinateur
options-country = Pays
options-send-to = envoyer vers
options-ab = Test A/B
options-ab-hint = Chaque personne va vers l’une de ces destinations, selon son poids ; le tableau de bord les compare ensuite. Laissez vide pour ne pas en faire.
options-weight = Poids
# What a screen reader says for each field of a targeting rule's or an A/B variant's row: its
# visible words, then its row, numbered as the dashboard's destinations are ("Rule 2").
options-rule-when-of = { options-when } (règle { $n })
options-rule-country-of = { options-country } (règle { $n })
options-rule-url-of = { options-send-to } (règle { $n })
options-variant-url-of = { campaign-destination } (variante { $n })
options-variant-weight-of = { options-weight } (variante { $n })
# Les refus ci-dessous commencent une phrase que la page met en majuscule et termine.
options-bad-start = le début n’est pas une date et une heure
options-bad-end = la fin n’est pas une date et une heure
options-bad-max-clicks = la limite de clics doit être un nombre entier
options-max-clicks-range = la limite de clics doit être comprise entre 1 et { $max }
options-end-before-start = la fin doit venir après le début
options-expired-url-alone = « { options-expired-url } » ne sert qu’une fois le lien expiré : indiquez aussi une fin ou une limite de clics, ou laissez-le vide
options-rule-no-when = règle { $n } : choisissez un appareil ou un pays
options-bad-weight = variante { $n } : le poids doit être un nombre entier de 0 à 1 000

## Refus d'un lien, d'une campagne ou d'un domaine (l'API les donne en anglais)
# Chacun commence une phrase que la page met en majuscule et termine. Un texte saisi ({ $slug },
# { $host }, { $name }, { $char } …) arrive échappé mais sans guillemets : chaque message met
# les siens, « ». Seuls { $event } et la { $date } d'un import arrivent avec des guillemets anglais.

refusal-in-field = { $field } : { $reason }
# A request the API cannot read: its body, path or query string, in plain words.
refusal-json-content-type = envoyez le corps en JSON, avec l’en-tête Content-Type: application/json
refusal-json-syntax = le corps n’est pas du JSON valide (ligne { $line }, colonne { $column })
refusal-json-syntax-somewhere = le corps n’est pas du JSON valide
refusal-json-object = le corps doit être un objet JSON, pas { $found }
refusal-json-missing = le champ « { $field } » manque
refusal-json-unknown-field = il n’y a pas de champ « { $field } » ; les champs sont { $known }
refusal-json-unknown-value = « { $value } » n’est pas l’une des valeurs { $known }
refusal-json-duplicate = le champ « { $field } » est donné deux fois
refusal-json-type = il faut { $expected }, pas { $found }
refusal-json-expected = il faut { $expected }
refusal-query-out-of-range = le nombre est trop grand
refusal-query-unknown = il n’y a pas de paramètre « { $name } » ; les paramètres sont { $known }
refusal-path-value = « { $value } » dans le chemin n’est pas { $expected }
json-kind-whole-number = un nombre entier
json-kind-number = un nombre
json-kind-text = un texte
json-kind-boolean = true ou false
json-kind-list = une liste
json-kind-object = un objet
json-found-text = le texte « { $text } »
json-found-number = le nombre { $number }
refusal-url-empty = l’URL est vide
refusal-url-too-long = l’URL dépasse { $max } caractères
refusal-url-control = l’URL contient des caractères de contrôle
refusal-url-encoded-control = l’URL contient des caractères de contrôle encodés
refusal-url-relative = l’URL doit être complète et commencer par http:// ou https://
refusal-url-no-scheme = l’URL doit être complète et commencer par http:// ou https:// : ajoutez https:// devant, comme dans { $url }
refusal-url-port = le port de l’URL n’est pas un nombre de 0 à 65535
refusal-url-host = le nom d’hôte de l’URL n’est pas valide
refusal-url-invalid = l’URL n’est pas valide : { $reason }
refusal-url-scheme = seules les URL http et https sont acceptées, pas { $scheme }:
refusal-url-no-host = l’URL n’a pas d’hôte
refusal-url-credentials = l’URL ne doit contenir ni nom d’utilisateur ni mot de passe
refusal-url-own-host = les liens vers { $host } ne sont pas acceptés
refusal-url-branded-domain = les liens vers { $host } ne sont pas acceptés : c’est l’un des domaines de ce serveur
refusal-url-blocked = { $url } est sur { $domain }, un domaine bloqué par ce serveur : les liens vers ce domaine ne sont pas acceptés
refusal-slug-empty = l’identifiant est vide
refusal-slug-too-long = l’identifiant dépasse { $max } caractères
refusal-slug-chars = l’identifiant ne peut contenir que des lettres, des chiffres, « - » et « _ », pas « { $char } »
refusal-slug-space = l’identifiant ne peut pas contenir d’espace
refusal-slug-reserved = l’identifiant « { $slug } » est réservé
refusal-slug-taken = l’identifiant « { $slug } » est déjà pris
refusal-slug-taken-on = l’identifiant « { $slug } » est déjà pris sur { $domain }
refusal-no-link = aucun lien n’a l’identifiant « { $slug } »
refusal-no-link-on = aucun lien n’a l’identifiant « { $slug } » sur { $domain }
refusal-expires-before-start = l’expiration doit venir après le début
refusal-expired-url-alone = l’adresse après expiration ne sert qu’une fois le lien expiré : donnez aussi une date d’expiration ou une limite de clics, ou videz-la
refusal-not-a-time = { $field } n’est pas une date et heure : utilisez la RFC 3339, par exemple 2026-05-01T09:00:00Z
refusal-max-clicks = la limite de clics doit être comprise entre 1 et { $max }
refusal-password-empty = le mot de passe est vide
refusal-password-too-long = le mot de passe dépasse { $max } caractères
refusal-password-control = le mot de passe contient des caractères de contrôle
refusal-token-name-empty = le nom d’un jeton d’API ne peut pas être vide
refusal-token-name-too-long = le nom d’un jeton d’API a au plus { $max } caractères
refusal-token-name-control = le nom d’un jeton d’API ne peut pas contenir de caractères de contrôle
refusal-rules-max = un lien a au plus { $max } règles
refusal-in-rule = règle { $n } : { $reason }
refusal-in-variant = variante { $n } : { $reason }
refusal-variants-too-few = un test A/B a besoin d’au moins deux variantes
refusal-variants-max = un test A/B a au plus { $max } variantes
refusal-variant-weight = le poids doit être compris entre 0 et { $max }
refusal-variants-all-zero = toutes les variantes ont un poids de 0 : au moins une doit avoir un poids supérieur à 0
refusal-host-empty = l’hôte est vide
refusal-host-url = « { $host } » est une URL : donnez l’hôte seul, par exemple go.example.com
refusal-host-path = « { $host } » n’est pas un nom d’hôte : donnez l’hôte seul, par exemple go.example.com
refusal-host-port = « { $host } » a un port ou est une adresse IPv6 : donnez le nom d’hôte seul
refusal-host-ip = « { $host } » est une adresse IP : un domaine a besoin d’un nom
refusal-host-invalid-because = « { $host } » n’est pas un nom d’hôte valide : { $reason }
refusal-host-too-long = l’hôte dépasse { $max } caractères
refusal-host-one-label = « { $host } » n’a qu’une partie : un domaine est un nom comme go.example.com
refusal-host-labels = « { $host } » n’est pas un nom d’hôte valide : chaque partie compte de 1 à 63 lettres, chiffres ou tirets intérieurs
refusal-host-invalid = « { $host } » n’est pas un nom d’hôte valide
refusal-domain-not-registered = « { $host } » n’est pas un domaine enregistré : ajoutez-le d’abord (Réglages → Domaines, ou POST /api/v1/domains)
refusal-domain-base-host = « { $host } » est l’hôte de l’URL de base : ses liens n’ont pas besoin de domaine
refusal-domain-root-itself = les liens vers { $host } ne sont pas acceptés : c’est ce domaine
refusal-api-on-branded-domain = l’API n’est pas servie sur { $host }, un domaine de marque qui ne sert que ses liens courts : envoyez les requêtes de l’API à l’hôte de l’URL de base
refusal-domain-taken = le domaine { $host } est déjà enregistré
refusal-domain-in-use = { $links } { $n ->
    [one] lien utilise
   *[other] liens utilisent
} le domaine { $host } : { $n ->
    [one] supprimez-le
   *[other] supprimez-les
} d’abord
refusal-no-domain = aucun domaine « { $host } »
refusal-no-campaign = aucune campagne n’a l’identifiant { $id }
refusal-no-campaign-named = aucune campagne ne s’appelle « { $name } » (en majuscules comme en minuscules)
refusal-campaign-no-name = nommez la campagne : elle regroupe les liens sur le tableau de bord
refusal-campaign-taken = une campagne nommée « { $name } » existe déjà : choisissez un autre nom (pour fusionner deux campagnes, déplacez leurs liens en modifiant chaque lien)
refusal-campaign-taken-case = une campagne nommée « { $name } » existe déjà, et des noms qui ne diffèrent que par les majuscules sont le même nom : choisissez un autre nom (pour fusionner deux campagnes, déplacez leurs liens en modifiant chaque lien)
refusal-kit-campaign-case = une campagne nommée { $name } existe déjà : utilisez ce nom pour lui ajouter des canaux, ou choisissez-en un autre
refusal-kit-campaign-url = la campagne { $name } existe déjà avec la destination { $url } : donnez cette destination pour lui ajouter des canaux, ou choisissez un autre nom
refusal-kit-campaign-race = une campagne nommée { $name } vient d’être créée par quelqu’un d’autre : renvoyez le même nom et la même destination pour lui ajouter des canaux
refusal-channel-unknown = le canal « { $channel } » ne figure pas au catalogue : indiquez l’une de ses clés ({ $keys }) ou le libellé d’un canal, en majuscules comme en minuscules
refusal-kit-no-channels = choisissez au moins un canal
# Le champ d'un libellé, que nomment refusal-too-long et refusal-control.
field-campaign = la campagne
field-channel = le canal
field-tag = un thème
field-campaign-name = le nom de la campagne
field-utm-campaign = utm_campaign
field-preview-title = le titre de l’aperçu
field-preview-description = la description de l’aperçu
refusal-too-long = { $field } dépasse { $max } caractères
refusal-control = { $field } contient des caractères de contrôle
refusal-tags-max = un lien a au plus { $max } thèmes
refusal-preview-no-title = le titre de l’aperçu est vide : une carte a besoin d’un titre
refusal-preview-title-lines = le titre de l’aperçu doit tenir sur une ligne
refusal-preview-image = image de l’aperçu : { $reason }
refusal-image-not-uploaded = « { $image } » n’est pas une image téléversée
refusal-image-not-url = ce n’est pas une URL ({ $reason }) ; donnez une URL https
refusal-image-https = les messageries ne récupèrent que des images en https ; donnez une URL https
refusal-image-empty = le fichier de l’image est vide
refusal-image-too-large = l’image dépasse { $max } Mo
refusal-image-kind = l’image doit être un fichier PNG, JPEG ou WebP (d’après son contenu)
refusal-rule-both = une règle a soit un appareil, soit un pays, pas les deux
refusal-rule-neither = une règle a besoin d’un appareil ou d’un pays
refusal-country-code = « { $code } » n’est pas un code de pays : utilisez deux lettres (ISO 3166-1), par exemple FR
refusal-country-code-unassigned = « { $code } » n’est pas un code de pays attribué par l’ISO 3166-1 : utilisez les deux lettres d’un pays, par exemple FR, BE ou CH
refusal-country-code-uk = « { $code } » n’est pas un code de pays : celui du Royaume-Uni est GB
refusal-channel-taken = il existe déjà un canal { $key }
refusal-campaign-has-links = la campagne a encore { $n } { $n ->
    [one] lien
   *[other] liens
} : supprimez-les aussi (links=delete) ou gardez-les sans campagne (links=detach)
refusal-email-taken = « { $email } » a déjà un compte
refusal-no-site = aucun site n’a l’identifiant { $id }
refusal-site-taken = il existe déjà un site nommé « { $name } »
refusal-webhook-scheme = l’URL doit commencer par http:// ou https://
refusal-webhook-too-long = l’URL dépasse { $max } caractères
refusal-webhook-credentials = l’URL ne doit contenir ni nom d’utilisateur ni mot de passe ; la signature prouve l’expéditeur
refusal-webhook-event = « { $event } » n’est pas un événement ; les événements sont { $events }
refusal-webhook-no-event = cochez au moins un événement parmi { $events }
refusal-webhook-private = { $reason } ; les webhooks ne vont qu’à des adresses publiques (LANTERNE_WEBHOOKS_ALLOW_PRIVATE=true permet les autres)
refusal-webhook-gone = le webhook a été supprimé entre-temps
refusal-no-webhook = aucun webhook n’a l’identifiant { $id }
refusal-host-unresolved = aucune adresse ne répond au nom { $host } : vérifiez son orthographe
refusal-host-private = l’hôte { $host } se résout en { $ip }, une adresse privée ou de bouclage
refusal-ip-private = { $ip } est une adresse privée ou de bouclage
refusal-unknown-timezone = fuseau horaire inconnu : « { $zone } »
refusal-not-a-date = « { $date } » n’est pas une date (AAAA-MM-JJ)
refusal-period-backwards = la période finit avant de commencer
refusal-period-too-long = une période compte au plus { $max } jours (cinq ans) ; du { $first } au { $last }, il y en a { $days }
refusal-period-no-to = un début demande une fin : donnez aussi le dernier jour de la période (AAAA-MM-JJ)
refusal-period-no-from = une fin demande un début : donnez aussi le premier jour de la période (AAAA-MM-JJ)
refusal-period-unknown = période inconnue « { $period } » : choisissez 24h, 7d, 30d ou 90d
refusal-report-period = période inconnue « { $period } » : choisissez 7d, 30d, 90d ou all (depuis le lancement), ou from et to en dates (AAAA-MM-JJ)
import-the-slug = l’identifiant « { $slug } »
import-the-slug-on = l’identifiant « { $slug } » sur { $domain }
refusal-import-no-url = la ligne n’a pas d’URL
refusal-import-no-target = le lien n’a pas de destination
refusal-import-unreadable = la ligne est illisible : { $reason }
refusal-import-date = la date de création « { $date } » n’est pas dans un format que Lanterne lit : écrivez-la année-mois-jour, par exemple 2024-03-01, 2024-03-01 14:30:00 ou 2024-03-01T14:30:00Z, ou jour/mois/année avec l’année en quatre chiffres, par exemple 01/03/2024 14:30
refusal-import-date-order = la date de création « { $date } » n’est pas un jour dans l’ordre des autres dates du fichier (jour/mois/année, ou mois/jour/année quand l’une d’elles ne se lit que dans cet ordre) : écrivez-la année-mois-jour, par exemple 2024-03-01 14:30:00
refusal-import-date-none = la date de création « { $date } » n’existe pas : vérifiez son jour et son mois
refusal-import-repeats = répète la ligne { $line }
refusal-import-slug-taken = { $slug } est pris par une autre destination ({ $url })
refusal-import-slug-differs = { $slug } existe déjà avec d’autres options ({ $fields }) : non modifié
refusal-import-slug-given = { $slug } est donné à une autre URL à la ligne { $line }
refusal-import-slug-raced = { $slug } a été pris pendant l’import
refusal-import-first-line = la première ligne est illisible : { $reason }
refusal-import-no-url-column = la première ligne ne nomme pas de colonne d’URL : est-ce le bon format ?
refusal-import-not-kutt = le fichier n’est pas le JSON de Kutt (ses liens tels que son API les liste) : importez un fichier CSV avec le format du raccourcisseur qui l’a produit (Bitly, Shlink, YOURLS, Dub), ou en Lanterne CSV
refusal-import-kutt-broken = le JSON de Kutt ne se lit plus à partir de la ligne { $line }, colonne { $column } : le fichier est-il complet ?
refusal-import-not-lanterne-json = le fichier n’est pas l’export JSON de Lanterne (la liste de liens qu’écrit `lanterne export --format json`) : importez le JSON de Kutt en Kutt, et un fichier CSV en Lanterne CSV ou avec le format du raccourcisseur qui l’a produit (Bitly, Shlink, YOURLS, Dub)
refusal-import-json-broken = l’export JSON de Lanterne ne se lit plus à partir de la ligne { $line }, colonne { $column } : le fichier est-il complet ?
refusal-import-json-not-link = cet élément de la liste n’est pas un lien (un objet avec une « url »)
refusal-import-password = un mot de passe protège ce lien, et un export ne le contient jamais : pour importer le lien sans mot de passe, mettez « password_protected » à false dans le fichier, puis donnez-lui un mot de passe ici

## Modifier un lien

edit-title = Modifier { $slug }
edit-heading = Modifier
edit-save = Enregistrer
edit-cancel = Annuler
edit-end-in-past = La date de fin, le { $when }, est déjà passée : enregistré ainsi, le lien cesse aussitôt de fonctionner (il répond « expiré »). Changez la date, ou cochez la case ci-dessous et enregistrez de nouveau.
edit-end-in-past-confirm = Oui, mettre fin au lien maintenant
edit-channel-uncatalogued = { $key } (ne figure plus au catalogue)
edit-at-once = La modification s’applique aussitôt, sur chaque instance.
edit-counts = { $clicks } { $clicks_n ->
    [one] clic
   *[other] clics
} et { $requests } { $requests_n ->
    [one] requête
   *[other] requêtes
} jusqu’ici
edit-stats = statistiques

## Liens

links-new = Nouveau lien
links-slug = Identifiant personnalisé
links-slug-title = Lettres, chiffres, - et _ (64 au plus)
links-slug-placeholder = soldes-printemps
links-create = Créer le lien
links-or-kit = ou un kit de partage : un lien par canal
links-all = Tous les liens
links-filter = Filtrer et trier
links-search = Rechercher
links-search-placeholder = identifiant, URL, campagne, canal ou thème
links-all-option = Tous
links-all-campaigns-option = Toutes
links-state = État
links-on = Actif
links-off = Désactivé
links-clicks-title = Personnes qui ont suivi le lien depuis sa création, comptées comme au tableau de bord (aperçus de lien et robots exclus)
links-share-button-of = Bouton de partage du site { $site }
links-requests = { $count } { $n ->
    [one] requête
   *[other] requêtes
}
links-requests-title = Toutes les requêtes auxquelles le lien a répondu : personnes, aperçus de lien (quelqu’un l’a collé dans une conversation), robots, et visites sans suivi (DNT/GPC), seulement comptées
links-after-end = dont { $count } après sa fin
links-after-end-title = Personnes qui ont suivi le lien après sa fin (sa date ou sa limite de clics) et ont été envoyées à son adresse pour après : ce sont des clics, et aucun ne compte dans la limite de clics
link-status-not-started = Pas encore actif
link-status-expired = Expiré
link-status-why-ended = sa date de fin est passée
link-status-why-limit = sa limite de clics est atteinte
link-status-blocked = Bloqué
link-status-why-blocked = { $place } est sur { $domain }, un domaine bloqué par ce serveur : les visiteurs reçoivent 410 Gone
blocked-place-url = sa destination
blocked-place-rule = la destination de la règle { $n }
blocked-place-variant = la destination de la variante { $n }
blocked-place-expired-url = sa destination après expiration
link-marker-starts = Dès le { $when }
link-marker-expires = Jusqu’au { $when }
link-marker-limit = Limite de clics { $used } / { $max }
link-marker-password = Mot de passe
link-marker-card = Carte d’aperçu
link-marker-card-hidden = Carte d’aperçu (masquée par le mot de passe)
links-order = Ordre
sort-newest = Les plus récents d’abord
sort-oldest = Les plus anciens d’abord
sort-clicks = Le plus de clics
sort-fewest-clicks = Le moins de clics
sort-hits = Le plus de requêtes
sort-slug = Identifiant A–Z
links-campaign-channel = Campagne · canal
links-delete-confirm = Supprimer { $url } et toutes ses requêtes ?
links-delete = Supprimer
# The names screen readers say for each row's controls on the Links page ($link: go.example/promo).
links-copy-of = Copier { $link }
links-edit-of = Modifier { $link }
links-stats-of = Statistiques du lien { $link }
links-turn-off-of = Désactiver { $link }
links-turn-on-of = Activer { $link }
links-delete-of = Supprimer { $link }
# $format: PNG or SVG.
qr-file-of = { $format } du QR code du lien { $link }
links-caption-filtered = Liens correspondant aux filtres
links-none = Aucun lien ici.
links-none-create = Aucun lien pour l’instant. Créez-en un par canal pour une campagne avec le kit de partage, ou un seul ci-dessus.
## Réglages → Domaines

nav-domains = Domaines
domains-title = Domaines
domains-intro = Les domaines de marque servent des liens courts à côté de { $base }. Un lien est sur l’un d’eux, et un même identifiant peut exister sur plusieurs, chacun avec sa destination. L’interface et l’API restent sur { $base }. Pour qu’un domaine serve ses liens, faites pointer son DNS vers le serveur placé devant Lanterne (un enregistrement A/AAAA, ou un CNAME vers l’hôte de base) et couvrez-le par le certificat TLS du proxy inverse qui s’y trouve ; celui-ci doit transmettre l’en-tête Host qu’il a reçu.
domains-add = Ajouter un domaine
domains-host = Hôte
domains-punycode = Tel que le DNS l’écrit
domains-root-url = URL racine
domains-optional = facultative
domains-root-hint = Où va une visite du domaine seul. Sans elle, la visite reçoit la page « lien introuvable ».
domains-add-button = Ajouter le domaine
domains-registered = Domaines enregistrés
domains-added = Ajouté le
domains-actions = Actions
domains-no-root = la page « lien introuvable »
domains-remove = Retirer
# What a screen reader says for this control on each row, naming the row.
domains-remove-of = Retirer le domaine { $host }
domains-remove-confirm = Retirer le domaine { $host } ? Seul un domaine qu’aucun lien n’utilise peut être retiré.
domains-none = Aucun domaine de marque pour l’instant : chaque lien est sur l’hôte de l’URL de base.
link-domain = Domaine
password-change-title = Changer votre mot de passe
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-change-hint = Vos autres sessions, dans d’autres navigateurs, sont déconnectées.
password-change-submit = Changer le mot de passe
password-current-wrong = Votre mot de passe actuel n’est pas le bon.
users-invite-submit = Créer un lien d’invitation
users-invite-hint = La personne choisit elle-même son mot de passe par ce lien, une seule fois, sous 7 jours.
users-pending = Invitations pas encore utilisées
users-until = Valable jusqu’au
users-cancel = Annuler
# What a screen reader says for this control on each row, naming the row.
users-cancel-of = Annuler l’invitation envoyée à { $email }
invite-made = Invitation créée pour { $email }.
invite-replaced = Invitation créée pour { $email }. Le lien d’invitation envoyé avant à cette adresse ne marche plus : envoyez celui-ci à la place.
invite-send-it = Envoyez-lui ce lien : il n’est affiché que cette fois, et crée un compte sous 7 jours.
invite-title = Rejoindre Lanterne
invite-text = Choisissez le mot de passe de votre compte { $email } ({ $role }).
invite-submit = Créer mon compte
invite-spent-title = Cette invitation ne marche pas
invite-spent-text = Elle a été utilisée, annulée, ou elle a expiré. Demandez-en une nouvelle à un administrateur.
invite-taken-title = Vous avez déjà un compte
invite-taken-text = Cet e-mail a déjà un compte : connectez-vous avec son mot de passe.
## Réglages → Webhooks
nav-webhooks = Webhooks
nav-agency = Agence
webhooks-title = Webhooks
webhooks-intro = Lanterne envoie (POST) chaque événement auquel vous êtes abonné en JSON, signé avec le secret de l’abonnement dans l’en-tête Lanterne-Signature. Un envoi qui échoue est retenté pendant un jour ; un abonnement en échec pendant toute une journée est désactivé.
webhooks-payload-title = Contenu d’un envoi
webhooks-payload-text = Chaque envoi est un POST dont le corps est en JSON : l’identifiant de l’événement (le même à chaque tentative : un récepteur qui l’a déjà vu répond 2xx sans rien faire), son type, sa date et ses données. Toute réponse 2xx est un succès ; toute autre réponse, un délai dépassé (10 s) ou une connexion refusée est un échec ; les redirections ne sont pas suivies.
webhooks-payload-data = Les données : link.created et link.updated portent le lien (domain, slug, url, campaign, channel, tags, enabled, created_at, options, password_protected) ; link.deleted son domaine, son identifiant et son URL ; link.expired les mêmes et une raison (date ou click_limit) ; share.detected le lien, la plateforme et la requête ; click les requêtes depuis l’envoi précédent ; webhook.test (Envoyer un test) l’abonnement (id, url, events). Une requête porte ses champs classés (kind, source, platform, evidence, device, browser, os, country, city, referrer_host), jamais une adresse IP ni un user agent. domain est vide pour un lien sur l’hôte de cette interface web.
webhooks-signature-text = Lanterne-Signature vaut t=<secondes Unix de l’envoi>,v1=<HMAC-SHA256 en hexadécimal de la chaîne « t.corps » sous le secret>, calculé sur les octets bruts du corps. Vérifiez-la en temps constant et refusez un t vieux de plus de cinq minutes, pour qu’un envoi enregistré ne puisse pas être rejoué.
webhooks-secret-title = Le secret de votre webhook
webhooks-secret-once = Copiez-le maintenant : il n’est montré qu’une fois. Votre récepteur vérifie avec lui la signature de chaque envoi.
webhooks-secret-for = Le secret de l’abonnement à
webhooks-col-links = Liens
webhooks-more-links = { " " }et { $count } { $n ->
    [one] autre
   *[other] autres
}
webhooks-next-attempt = prochain essai le { $when }
webhooks-retry-now = Réessayer maintenant
webhooks-retry-now-text = Une fois le récepteur réparé : ses envois en attente partent tout de suite, sans attendre leur délai.
webhooks-send-test = Envoyer un test
webhooks-send-test-text = Un événement webhook.test signé part tout de suite vers cette URL, quels que soient ses événements : vous voyez votre récepteur le recevoir et accepter sa signature avant tout événement réel. Son envoi apparaît dans la liste ci-dessus.
webhooks-copy = Copier
webhooks-add = Abonner une URL
webhooks-url = URL qui reçoit les événements
webhooks-events = Événements
webhooks-event-link-created = un lien est créé
webhooks-event-link-updated = un lien est modifié
webhooks-event-link-deleted = un lien est supprimé
webhooks-event-link-expired = un lien atteint sa date ou sa limite de clics
webhooks-event-share-detected = quelqu’un a collé un lien dans une conversation ou une publication (un aperçu)
webhooks-event-click = les clics, au plus un envoi par seconde
webhooks-subscribe = S’abonner
webhooks-on = actif
webhooks-off = désactivé après un jour d’échecs
webhooks-failing-since = en échec depuis le { $when }
webhooks-col-event = Événement
webhooks-col-time = Heure
webhooks-col-state = État
webhooks-col-attempts = Tentatives
webhooks-col-status = Dernier statut
webhooks-col-error = Dernière erreur
webhooks-error-status = le destinataire a répondu par une erreur (HTTP { $status })
webhooks-error-turned-off = l’abonnement est désactivé
webhooks-error-bad-url = l’URL n’est pas valide
webhooks-error-private = { $ip } est une adresse privée ou locale
webhooks-error-timeout = aucune réponse en { $seconds } s
webhooks-error-connect = connexion impossible au destinataire
webhooks-error-request = la requête n’a pas pu être envoyée
webhooks-error-given-up = { $reason } (abandonné : l’abonnement a été désactivé après une journée d’échecs)
webhooks-error-given-up-untried = abandonné avant toute tentative : l’abonnement a été désactivé après une journée d’échecs
webhooks-error-recorded = { $text } (en anglais, enregistré par une version antérieure)
webhooks-state-pending = en attente
webhooks-state-delivered = remis
webhooks-state-failed = abandonné
webhooks-no-deliveries = Aucun envoi pour l’instant.
webhooks-delete = Se désabonner
# What a screen reader says for this control on each row, naming the row.
webhooks-retry-now-of = Réessayer maintenant pour { $url }
webhooks-send-test-of = Envoyer un test vers { $url }
webhooks-delete-of = Se désabonner de { $url }
webhooks-deliveries-of = Envois vers { $url }
webhooks-delete-confirm = Désabonner { $url } ? Les envois pas encore faits sont abandonnés.
webhooks-none = Aucun abonnement pour l’instant.

## Ce que la dernière action a fait (src/routes/ui/flash.rs)
copied = Copié
flash-saved = Enregistré.
flash-saved-card-hidden = Enregistré. Ce lien a un mot de passe : les applications de messagerie affichent « Lien protégé » dans ses aperçus, pas sa carte d’aperçu.
flash-password-changed = Mot de passe changé. Vos autres sessions sont déconnectées.
flash-created = Votre nouveau lien court est prêt
flash-turned-off = Désactivé : le lien répond « Lien désactivé » dès maintenant.
flash-turned-on = Réactivé : le lien mène de nouveau à sa destination.
flash-deleted = Lien supprimé.
flash-channel-added = Canal « { $label } » ajouté : il est surligné dans le catalogue ci-dessous, et proposé désormais dans le kit de partage, sur les pages de campagne et dans les formulaires de lien.
flash-channel-saved = Canal « { $label } » enregistré : sa portée s’accorde désormais avec son genre.
flash-campaign-saved = Enregistré : les nouveaux liens auront ces réglages.
flash-links-added = { $count } { $n ->
    [one] lien ajouté
   *[other] liens ajoutés
}.
flash-campaign-renamed = Renommée : ses liens portent le nouveau nom.
flash-share-revoked = Lien de partage révoqué : il n’ouvre plus le rapport.
flash-invite-cancelled = Invitation annulée : son lien ne marche plus.
flash-campaign-deleted = La campagne « { $name } » a été supprimée.
flash-site-registered = Le site « { $name } » est enregistré : placez son code de suivi, ci-dessous, dans le <head> de ses pages.
flash-site-saved = Les modifications du site sont enregistrées.
flash-site-deleted = Le site « { $name } » a été supprimé, avec les chiffres de ses pages ; les liens de ses boutons de partage restent, avec leurs clics.
flash-site-domain-added = { $host } fait maintenant partie des domaines du site : les événements de ses pages sont comptés dès maintenant.
flash-webhook-test-queued = Un événement de test (webhook.test) est en file d’attente pour { $url } et part tout de suite : rechargez la page dans un instant pour voir comment s’est passé son envoi.
flash-agency-saved = Enregistré : les rapports de campagne, y compris ceux partagés par lien, suivent ce réglage dès maintenant.
flash-campaign-deleted-links = La campagne « { $name } » a été supprimée, avec { $n ->
    [one] son lien et ses requêtes
   *[other] ses { $count } liens et leurs requêtes
}.
flash-campaign-deleted-keeping = La campagne « { $name } » a été supprimée ; { $n ->
    [one] son lien reste
   *[other] ses { $count } liens restent
}, sans campagne.
links-none-match = Aucun lien ne correspond à cette recherche ou à ces filtres. La recherche porte sur les identifiants, les destinations, les campagnes, les canaux et les thèmes.
links-show-all = Afficher tous les liens
dashboard-empty-heading = Rien à afficher pour cette période pour l’instant
dashboard-empty-kit = Les clics apparaissent ici quelques secondes après l’ouverture de vos liens courts. Commencez par le kit de partage : nommez une campagne, cochez les canaux où vous partagez, et obtenez un lien par canal.
dashboard-empty-kit-link = Ouvrir le kit de partage
dashboard-no-such-link = Aucun lien n’a pour identifiant « { $link } » : vérifiez-le sur la page Liens, ou videz le champ Lien pour voir tous les liens.
dashboard-no-such-campaign = Aucune campagne ne s’appelle « { $campaign } », en majuscules comme en minuscules : choisissez-en une dans la liste Campagne, ou toutes les campagnes.
dashboard-no-such-channel = Aucun canal ne s’appelle « { $channel } », par sa clé ou par son nom : choisissez-en un dans la liste Canal, ou tous les canaux.
dashboard-without-filters = Afficher le tableau de bord sans filtre
dashboard-empty-read = Les clics apparaissent ici quelques secondes après l’ouverture des liens courts que votre équipe partage. Essayez une période plus longue ou moins de filtres.
edit-utm = Paramètres UTM
edit-utm-hint = Ajoutés à la destination pour les outils d’analyse. Un champ laissé vide garde ce que la destination porte déjà.

# Réglages → Agence (/settings/agency) : qui prépare les rapports clients
agency-title = Votre agence
agency-reports = Sur les rapports clients
agency-name = Nom de l’agence
agency-name-example = Agence Lumière
agency-name-hint = Le rapport de chaque campagne, imprimé ou ouvert par un lien de partage, indique « Préparé par » ce nom sous celui de la campagne (« Préparé par … pour … » quand le lien nomme le client), dans la langue du rapport. Laissez le champ vide pour ne rien afficher.
agency-save = Enregistrer
agency-name-too-long = Le nom de l’agence fait { $length } caractères : { $max } au maximum.
