import type { DemoCourse, DemoPath } from './content.js';

/*
 * Demo courses of the training module: the four modules of an EU-MiCare-style programme (one interdisciplinary
 * introduction, one on recognising distress and trauma, one specialised for mental-health professionals, one for
 * other professionals) and a course on the PsychCare national guidelines. All the text is written fresh for the
 * demo; people in the vignettes are fictional. The first language of each course is its source language.
 */

/* ------------------------------------------------------------------------------------------------------------
 * 1. Migration, culture and mental health (interdisciplinary)
 * ---------------------------------------------------------------------------------------------------------- */

const migrationCultureMentalHealth: DemoCourse = {
  slug: 'migration-culture-mental-health',
  sourceLocale: 'en',
  level: 'interdisciplinary',
  topics: ['migration-and-health', 'culture-and-mental-health'],
  durationMinutes: 100,
  professions: ['psychologist', 'psychiatrist', 'social-worker', 'physician', 'nurse', 'cultural-mediator', 'reception-centre-operator'],
  credits: [
    { profession: 'psychologist', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'ecm', amount: 2 },
    { profession: 'physician', scheme: 'ecm', amount: 2 },
    { profession: 'nurse', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cme', amount: 1.5 },
    { profession: 'physician', scheme: 'cme', amount: 1.5 },
    { profession: 'psychologist', scheme: 'cpd', amount: 1.5 },
    { profession: 'psychiatrist', scheme: 'cpd', amount: 1.5 },
    { profession: 'social-worker', scheme: 'cpd', amount: 1.5 },
    { profession: 'physician', scheme: 'cpd', amount: 1.5 },
    { profession: 'nurse', scheme: 'cpd', amount: 1.5 },
    { profession: 'cultural-mediator', scheme: 'cpd', amount: 1.5 },
    { profession: 'reception-centre-operator', scheme: 'cpd', amount: 1.5 },
  ],
  texts: {
    en: {
      title: 'Migration, culture and mental health',
      summary: 'How the migration journey, living conditions and culture shape mental health, and what every health professional can do to offer fair and accessible care.',
      outcomes: [
        'Describe the stages of the migration journey and the risks and resources each of them can bring.',
        'Identify the social determinants that most affect the mental health of migrants and refugees.',
        'Recognise how culture shapes the way distress is experienced, explained and expressed.',
        'Explain how stigma and barriers to access can keep people from the care they are entitled to.',
      ],
      description: `Migrants, refugees and asylum seekers are not a single group, and migration is not an illness. Yet the journey, and the conditions people find on arrival, can put mental health under strain, and services often struggle to recognise and respond to their needs.

This interdisciplinary course gives every health professional a shared starting point: a way of thinking about migration as a process, about the social conditions that protect or harm mental health, and about the role of culture in how people talk about suffering. It is the first step in all the learning paths.`,
    },
    it: {
      title: 'Migrazione, cultura e salute mentale',
      summary: 'Come il percorso migratorio, le condizioni di vita e la cultura influenzano la salute mentale, e che cosa può fare ogni professionista sanitario per offrire cure eque e accessibili.',
      outcomes: [
        'Descrivere le fasi del percorso migratorio e i rischi e le risorse che ciascuna di esse può comportare.',
        'Individuare i determinanti sociali che incidono di più sulla salute mentale di migranti e rifugiati.',
        'Riconoscere come la cultura influenza il modo in cui la sofferenza viene vissuta, spiegata ed espressa.',
        'Spiegare come lo stigma e le barriere di accesso possono tenere le persone lontane dalle cure a cui hanno diritto.',
      ],
      description: `Migranti, rifugiati e richiedenti asilo non sono un gruppo omogeneo, e la migrazione non è una malattia. Eppure il viaggio, e le condizioni che le persone trovano all’arrivo, possono mettere a dura prova la salute mentale, e spesso i servizi faticano a riconoscere i loro bisogni e a darvi risposta.

Questo corso interdisciplinare offre a chi lavora in sanità un punto di partenza comune: un modo di pensare la migrazione come un processo, di leggere le condizioni sociali che proteggono o danneggiano la salute mentale e di cogliere il ruolo della cultura nel modo in cui si parla della sofferenza. È il primo passo di tutti i percorsi formativi.`,
    },
    de: {
      title: 'Migration, Kultur und psychische Gesundheit',
      summary: 'Wie Migrationsweg, Lebensbedingungen und Kultur die psychische Gesundheit prägen – und was alle Gesundheitsfachkräfte für eine gerechte und zugängliche Versorgung tun können.',
      outcomes: [
        'Beschreiben, welche Phasen ein Migrationsweg haben kann und welche Risiken und Ressourcen jede Phase mit sich bringt.',
        'Erkennen, welche sozialen Determinanten die psychische Gesundheit von Migrantinnen, Migranten und Geflüchteten am stärksten beeinflussen.',
        'Verstehen, wie Kultur das Erleben, Erklären und Ausdrücken von seelischem Leid prägt.',
        'Erklären, wie Stigma und Zugangsbarrieren Menschen von der Versorgung fernhalten, auf die sie Anspruch haben.',
      ],
      description: `Migrantinnen und Migranten, Geflüchtete und Asylsuchende sind keine einheitliche Gruppe, und Migration ist keine Krankheit. Doch der Weg und die Bedingungen nach der Ankunft können die psychische Gesundheit stark belasten, und die Versorgung tut sich oft schwer, die Bedürfnisse dieser Menschen zu erkennen und darauf einzugehen.

Dieser interdisziplinäre Kurs bietet allen Gesundheitsfachkräften einen gemeinsamen Ausgangspunkt: einen Blick auf Migration als Prozess, auf die sozialen Bedingungen, die psychische Gesundheit schützen oder gefährden, und auf die Rolle der Kultur dabei, wie Menschen über ihr Leid sprechen. Er ist der erste Schritt in allen Lernpfaden.`,
    },
    es: {
      title: 'Migración, cultura y salud mental',
      summary: 'Cómo el trayecto migratorio, las condiciones de vida y la cultura influyen en la salud mental, y qué puede hacer cada profesional sanitario para ofrecer una atención justa y accesible.',
      outcomes: [
        'Describir las etapas del trayecto migratorio y los riesgos y recursos que puede traer cada una de ellas.',
        'Identificar los determinantes sociales que más afectan a la salud mental de las personas migrantes y refugiadas.',
        'Reconocer cómo la cultura moldea la manera de vivir, explicar y expresar el malestar psicológico.',
        'Explicar cómo el estigma y las barreras de acceso pueden alejar a las personas de la atención a la que tienen derecho.',
      ],
      description: `Las personas migrantes, refugiadas y solicitantes de asilo no forman un grupo homogéneo, y la migración no es una enfermedad. Sin embargo, el viaje y las condiciones que encuentran a su llegada pueden someter la salud mental a una fuerte presión, y los servicios a menudo tienen dificultades para reconocer sus necesidades y darles respuesta.

Este curso interdisciplinar ofrece a todos los profesionales de la salud un punto de partida común: una forma de entender la migración como un proceso, de leer las condiciones sociales que protegen o dañan la salud mental y de comprender el papel de la cultura en cómo las personas hablan de su sufrimiento. Es el primer paso de todos los itinerarios formativos.`,
    },
    el: {
      title: 'Μετανάστευση, πολιτισμός και ψυχική υγεία',
      summary: 'Πώς η μεταναστευτική διαδρομή, οι συνθήκες διαβίωσης και ο πολιτισμός επηρεάζουν την ψυχική υγεία, και τι μπορεί να κάνει κάθε επαγγελματίας υγείας για μια δίκαιη και προσβάσιμη φροντίδα.',
      outcomes: [
        'Περιγράφετε τα στάδια της μεταναστευτικής διαδρομής και τους κινδύνους και τους πόρους που μπορεί να φέρει το καθένα.',
        'Αναγνωρίζετε τους κοινωνικούς προσδιοριστές που επηρεάζουν περισσότερο την ψυχική υγεία μεταναστών και προσφύγων.',
        'Κατανοείτε πώς ο πολιτισμός διαμορφώνει τον τρόπο με τον οποίο βιώνεται, εξηγείται και εκφράζεται η ψυχική δυσφορία.',
        'Εξηγείτε πώς το στίγμα και τα εμπόδια πρόσβασης μπορούν να κρατήσουν τους ανθρώπους μακριά από τη φροντίδα που δικαιούνται.',
      ],
      description: `Οι μετανάστες, οι πρόσφυγες και οι αιτούντες άσυλο δεν αποτελούν μια ενιαία ομάδα, και η μετανάστευση δεν είναι ασθένεια. Ωστόσο, το ταξίδι και οι συνθήκες που βρίσκουν οι άνθρωποι μετά την άφιξή τους μπορούν να δοκιμάσουν σοβαρά την ψυχική τους υγεία, ενώ οι υπηρεσίες συχνά δυσκολεύονται να αναγνωρίσουν τις ανάγκες τους και να ανταποκριθούν σε αυτές.

Αυτό το διεπιστημονικό μάθημα προσφέρει σε κάθε επαγγελματία υγείας ένα κοινό σημείο εκκίνησης: έναν τρόπο να βλέπει τη μετανάστευση ως διαδικασία, να κατανοεί τις κοινωνικές συνθήκες που προστατεύουν ή βλάπτουν την ψυχική υγεία και να αναγνωρίζει τον ρόλο του πολιτισμού στον τρόπο που οι άνθρωποι μιλούν για τον πόνο τους. Είναι το πρώτο βήμα σε όλες τις διαδρομές μάθησης.`,
    },
  },
  modules: [
    {
      texts: {
        en: { title: 'Migration and health' },
        it: { title: 'Migrazione e salute' },
        de: { title: 'Migration und Gesundheit' },
        es: { title: 'Migración y salud' },
        el: { title: 'Μετανάστευση και υγεία' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'The migration journey and its stages' },
            it: { title: 'Il percorso migratorio e le sue fasi' },
            de: { title: 'Der Migrationsweg und seine Phasen' },
            es: { title: 'El trayecto migratorio y sus etapas' },
            el: { title: 'Η μεταναστευτική διαδρομή και τα στάδιά της' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Migration is a process, not a single event. It helps to think of it in stages, each with its own risks and its own resources.

- **Before departure**, people may have lived through war, persecution, poverty or the loss of loved ones; others leave for work or study after careful planning.
- **During the journey**, especially on irregular routes, many face violence, exploitation, detention, hunger and long periods of uncertainty. Some travel alone, including children and adolescents.
- **On arrival**, people meet asylum and immigration procedures, reception systems, a new language and unfamiliar services.
- **Over time**, settling brings its own challenges: finding work and housing, reuniting with family or living apart from them, and building a place in a new society.

Not everyone passes through every stage, and the order is not always linear: people may be moved between countries, wait for years in transit or go back. Asking about the journey, with care and without pressure, helps you understand what a person has been through and what may still be weighing on them.`,
                },
                it: {
                  kind: 'text',
                  markdown: `La migrazione è un processo, non un singolo evento. Può essere utile pensarla per fasi, ciascuna con i propri rischi e le proprie risorse.

- **Prima della partenza** le persone possono aver vissuto guerre, persecuzioni, povertà o la perdita di persone care; altre partono per lavoro o per studio, dopo averlo progettato con cura.
- **Durante il viaggio**, soprattutto lungo le rotte irregolari, molte subiscono violenza, sfruttamento, detenzione, fame e lunghi periodi di incertezza. Alcune viaggiano da sole, anche bambini e adolescenti.
- **All’arrivo** incontrano le procedure di asilo e di immigrazione, i sistemi di accoglienza, una lingua nuova e servizi che non conoscono.
- **Con il tempo**, l’inserimento porta sfide nuove: trovare lavoro e casa, ricongiungersi con la famiglia o vivere lontano da essa, costruirsi un posto in una nuova società.

Non tutti attraversano ogni fase, e l’ordine non è sempre lineare: si può essere trasferiti da un paese all’altro, restare in transito per anni o tornare indietro. Chiedere del viaggio, con delicatezza e senza insistere, aiuta a capire che cosa ha vissuto la persona e che cosa può pesarle ancora oggi.`,
                },
                de: {
                  kind: 'text',
                  markdown: `Migration ist ein Prozess, kein einzelnes Ereignis. Es hilft, sie in Phasen zu denken, von denen jede eigene Risiken und eigene Ressourcen mit sich bringt.

- **Vor dem Aufbruch** haben manche Menschen Krieg, Verfolgung, Armut oder den Verlust geliebter Menschen erlebt; andere gehen nach sorgfältiger Planung, um zu arbeiten oder zu studieren.
- **Unterwegs**, besonders auf irregulären Routen, erleben viele Gewalt, Ausbeutung, Haft, Hunger und lange Zeiten der Ungewissheit. Manche reisen allein, auch Kinder und Jugendliche.
- **Bei der Ankunft** treffen sie auf Asyl- und Aufenthaltsverfahren, Aufnahmesysteme, eine neue Sprache und unbekannte Dienste.
- **Mit der Zeit** bringt das Ankommen eigene Herausforderungen: Arbeit und Wohnung finden, die Familie nachholen oder getrennt von ihr leben, sich einen Platz in einer neuen Gesellschaft schaffen.

Nicht alle durchlaufen jede Phase, und die Reihenfolge ist nicht immer linear: Menschen werden zwischen Ländern verlegt, warten jahrelang im Transit oder kehren zurück. Behutsam und ohne Druck nach dem Weg zu fragen hilft zu verstehen, was eine Person erlebt hat und was sie womöglich noch heute belastet.`,
                },
                es: {
                  kind: 'text',
                  markdown: `La migración es un proceso, no un acontecimiento aislado. Resulta útil pensarla por etapas, cada una con sus propios riesgos y sus propios recursos.

- **Antes de la partida**, algunas personas han vivido guerras, persecución, pobreza o la pérdida de seres queridos; otras se marchan para trabajar o estudiar tras haberlo planificado con cuidado.
- **Durante el viaje**, sobre todo por rutas irregulares, muchas sufren violencia, explotación, detención, hambre y largos periodos de incertidumbre. Algunas viajan solas, también niños, niñas y adolescentes.
- **A la llegada** se encuentran con los procedimientos de asilo y extranjería, los sistemas de acogida, un idioma nuevo y servicios desconocidos.
- **Con el tiempo**, asentarse trae sus propios retos: encontrar trabajo y vivienda, reunirse con la familia o vivir lejos de ella, y hacerse un lugar en una nueva sociedad.

No todo el mundo pasa por todas las etapas, y el orden no siempre es lineal: hay personas trasladadas de un país a otro, que esperan años en tránsito o que regresan. Preguntar por el trayecto, con tacto y sin presionar, ayuda a comprender lo que la persona ha vivido y lo que quizá todavía le pesa.`,
                },
                el: {
                  kind: 'text',
                  markdown: `Η μετανάστευση είναι μια διαδικασία, όχι ένα μεμονωμένο γεγονός. Βοηθά να τη σκεφτόμαστε σε στάδια, καθένα με τους δικούς του κινδύνους και τους δικούς του πόρους.

- **Πριν από την αναχώρηση**, κάποιοι άνθρωποι έχουν ζήσει πόλεμο, δίωξη, φτώχεια ή την απώλεια αγαπημένων προσώπων· άλλοι φεύγουν για εργασία ή σπουδές, έχοντας σχεδιάσει προσεκτικά το ταξίδι τους.
- **Κατά τη διάρκεια του ταξιδιού**, ιδίως σε παράτυπες διαδρομές, πολλοί βιώνουν βία, εκμετάλλευση, κράτηση, πείνα και μεγάλες περιόδους αβεβαιότητας. Κάποιοι ταξιδεύουν μόνοι, ανάμεσά τους και παιδιά και έφηβοι.
- **Κατά την άφιξη** έρχονται αντιμέτωποι με διαδικασίες ασύλου και μετανάστευσης, συστήματα υποδοχής, μια νέα γλώσσα και άγνωστες υπηρεσίες.
- **Με τον χρόνο**, η εγκατάσταση φέρνει νέες προκλήσεις: εύρεση εργασίας και στέγης, επανένωση με την οικογένεια ή ζωή μακριά της, δημιουργία μιας θέσης σε μια νέα κοινωνία.

Δεν περνούν όλοι από κάθε στάδιο, και η σειρά δεν είναι πάντα γραμμική: κάποιοι μετακινούνται από χώρα σε χώρα, περιμένουν χρόνια σε καθεστώς διέλευσης ή επιστρέφουν. Αν ρωτήσετε για τη διαδρομή με προσοχή και χωρίς πίεση, θα καταλάβετε καλύτερα τι έχει περάσει ο άνθρωπος και τι μπορεί ακόμη να τον βαραίνει.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### After arrival: why the present matters as much as the past

It is easy to focus only on what happened before and during the journey. Clinical experience and research agree, however, that the conditions people live in after arrival strongly influence their mental health. Long and uncertain asylum procedures, fear of being sent back, crowded or isolated accommodation, enforced idleness, separation from family and discrimination can all maintain or worsen distress, even in people who arrived in good health.

Each stage also brings resources. Many migrants show remarkable resilience: they draw strength from faith, family ties, community networks, a sense of purpose and the skills they brought with them. A good first conversation looks at both sides:

- what has been hard, and what is still hard now;
- what has helped the person cope so far;
- whom they can count on, here or at a distance.

Keeping both in mind protects you from two opposite mistakes: seeing every migrant as traumatised, and overlooking real suffering because a person seems to be managing.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Dopo l’arrivo: perché il presente conta quanto il passato

È facile concentrarsi solo su ciò che è accaduto prima e durante il viaggio. L’esperienza clinica e la ricerca concordano però sul fatto che le condizioni di vita dopo l’arrivo influenzano fortemente la salute mentale. Procedure d’asilo lunghe e incerte, paura del rimpatrio, alloggi sovraffollati o isolati, inattività forzata, separazione dalla famiglia e discriminazione possono mantenere o aggravare la sofferenza, anche in chi è arrivato in buona salute.

Ogni fase porta con sé anche delle risorse. Molte persone migranti mostrano una notevole capacità di resilienza: traggono forza dalla fede, dai legami familiari, dalle reti di comunità, da un progetto di vita e dalle competenze che hanno portato con sé. Un buon primo colloquio guarda a entrambi i lati:

- che cosa è stato difficile, e che cosa lo è ancora adesso;
- che cosa ha aiutato la persona ad andare avanti finora;
- su chi può contare, qui o a distanza.

Tenere presenti entrambi gli aspetti protegge da due errori opposti: vedere ogni migrante come traumatizzato e non accorgersi di una sofferenza reale perché la persona sembra cavarsela.`,
                },
                de: {
                  kind: 'text',
                  markdown: `### Nach der Ankunft: Warum die Gegenwart so viel zählt wie die Vergangenheit

Es liegt nahe, sich nur auf das zu konzentrieren, was vor und während der Flucht oder Reise geschehen ist. Klinische Erfahrung und Forschung zeigen jedoch übereinstimmend, dass die Lebensbedingungen nach der Ankunft die psychische Gesundheit stark beeinflussen. Lange und ungewisse Asylverfahren, Angst vor Abschiebung, überfüllte oder abgelegene Unterkünfte, erzwungene Untätigkeit, Trennung von der Familie und Diskriminierung können Belastungen aufrechterhalten oder verschlimmern – auch bei Menschen, die gesund angekommen sind.

Jede Phase bringt aber auch Ressourcen mit sich. Viele Migrantinnen und Migranten zeigen eine bemerkenswerte Widerstandskraft: Sie schöpfen Kraft aus ihrem Glauben, aus familiären Bindungen, aus Netzwerken ihrer Community, aus einem Lebensziel und aus den Fähigkeiten, die sie mitgebracht haben. Ein gutes Erstgespräch nimmt beide Seiten in den Blick:

- was schwer war und was heute noch schwer ist;
- was der Person bisher geholfen hat, durchzuhalten;
- auf wen sie zählen kann, hier oder aus der Ferne.

Wer beides im Blick behält, vermeidet zwei entgegengesetzte Fehler: alle Migrantinnen und Migranten für traumatisiert zu halten und echtes Leid zu übersehen, weil jemand scheinbar gut zurechtkommt.`,
                },
                es: {
                  kind: 'text',
                  markdown: `### Después de la llegada: por qué el presente importa tanto como el pasado

Es fácil centrarse solo en lo que ocurrió antes y durante el viaje. Sin embargo, la experiencia clínica y la investigación coinciden en que las condiciones de vida después de la llegada influyen mucho en la salud mental. Los procedimientos de asilo largos e inciertos, el miedo a la expulsión, los alojamientos masificados o aislados, la inactividad forzada, la separación de la familia y la discriminación pueden mantener o agravar el malestar, incluso en personas que llegaron con buena salud.

Cada etapa trae también recursos. Muchas personas migrantes muestran una resiliencia notable: encuentran fuerza en la fe, en los lazos familiares, en las redes comunitarias, en un proyecto de vida y en las capacidades que traen consigo. Una buena primera conversación mira a ambos lados:

- qué ha sido difícil y qué lo sigue siendo ahora;
- qué le ha ayudado a la persona a salir adelante hasta hoy;
- con quién puede contar, aquí o a distancia.

Tener presentes ambas cosas protege de dos errores opuestos: ver a todas las personas migrantes como traumatizadas y pasar por alto un sufrimiento real porque alguien parece arreglárselas.`,
                },
                el: {
                  kind: 'text',
                  markdown: `### Μετά την άφιξη: γιατί το παρόν μετράει όσο και το παρελθόν

Είναι εύκολο να εστιάσουμε μόνο σε όσα συνέβησαν πριν και κατά τη διάρκεια του ταξιδιού. Η κλινική εμπειρία και η έρευνα συμφωνούν, ωστόσο, ότι οι συνθήκες ζωής μετά την άφιξη επηρεάζουν έντονα την ψυχική υγεία. Οι μακρές και αβέβαιες διαδικασίες ασύλου, ο φόβος της επιστροφής, τα υπερπλήρη ή απομονωμένα καταλύματα, η αναγκαστική αδράνεια, ο χωρισμός από την οικογένεια και οι διακρίσεις μπορούν να συντηρήσουν ή να επιδεινώσουν τη δυσφορία, ακόμη και σε ανθρώπους που έφτασαν σε καλή υγεία.

Κάθε στάδιο φέρνει όμως και πόρους. Πολλοί μετανάστες δείχνουν αξιοσημείωτη ανθεκτικότητα: αντλούν δύναμη από την πίστη, τους οικογενειακούς δεσμούς, τα δίκτυα της κοινότητας, έναν σκοπό ζωής και τις δεξιότητες που έφεραν μαζί τους. Μια καλή πρώτη συζήτηση κοιτάζει και τις δύο πλευρές:

- τι ήταν δύσκολο και τι εξακολουθεί να είναι δύσκολο σήμερα·
- τι βοήθησε τον άνθρωπο να αντέξει μέχρι τώρα·
- σε ποιον μπορεί να στηριχτεί, εδώ ή από μακριά.

Αν έχετε και τα δύο στο μυαλό σας, αποφεύγετε δύο αντίθετα λάθη: να θεωρείτε κάθε μετανάστη τραυματισμένο και να παραβλέπετε πραγματικό πόνο επειδή κάποιος φαίνεται να τα βγάζει πέρα.`,
                },
              },
            },
            {
              data: { correct: [1] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'A man who arrived eight months ago says he has slept badly since his asylum interview was postponed for the third time. Which view fits best what you have just read?',
                  options: [
                    { text: 'His sleep problems must come from what he lived through before leaving; the present is only a trigger.', feedback: 'Not quite. Past experiences matter, but post-migration stressors such as an uncertain asylum procedure can cause or maintain distress on their own.' },
                    { text: 'The uncertainty of the asylum procedure is a post-migration stressor that can by itself affect his mental health.', feedback: 'Right. The conditions people live in after arrival, including long and uncertain procedures, strongly influence mental health.' },
                    { text: 'Poor sleep is normal for migrants and needs no attention.', feedback: 'No. Distress can be understandable without being negligible: it is worth asking about and, if it persists, looking at more closely.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Un uomo arrivato otto mesi fa racconta che dorme male da quando la sua audizione per l’asilo è stata rinviata per la terza volta. Quale lettura è più coerente con quanto avete appena letto?',
                  options: [
                    { text: 'I disturbi del sonno derivano per forza da ciò che ha vissuto prima di partire; il presente è solo un fattore scatenante.', feedback: 'Non proprio. Le esperienze passate contano, ma i fattori di stress post-migratori, come una procedura d’asilo incerta, possono da soli causare o mantenere la sofferenza.' },
                    { text: 'L’incertezza della procedura d’asilo è un fattore di stress post-migratorio che può di per sé incidere sulla sua salute mentale.', feedback: 'Esatto. Le condizioni di vita dopo l’arrivo, comprese procedure lunghe e incerte, influenzano fortemente la salute mentale.' },
                    { text: 'Dormire male è normale per chi migra e non richiede attenzione.', feedback: 'No. Una sofferenza può essere comprensibile senza essere trascurabile: vale la pena chiederne e, se persiste, approfondire.' },
                  ],
                },
                de: {
                  kind: 'check',
                  question: 'Ein Mann, der vor acht Monaten angekommen ist, berichtet, dass er schlecht schläft, seit seine Anhörung im Asylverfahren zum dritten Mal verschoben wurde. Welche Sichtweise passt am besten zu dem, was Sie gerade gelesen haben?',
                  options: [
                    { text: 'Seine Schlafprobleme müssen von dem herrühren, was er vor dem Aufbruch erlebt hat; die Gegenwart ist nur ein Auslöser.', feedback: 'Nicht ganz. Frühere Erfahrungen spielen eine Rolle, aber Belastungen nach der Migration, etwa ein ungewisses Asylverfahren, können für sich allein Leid verursachen oder aufrechterhalten.' },
                    { text: 'Die Ungewissheit des Asylverfahrens ist eine Belastung nach der Migration, die für sich allein seine psychische Gesundheit beeinträchtigen kann.', feedback: 'Richtig. Die Lebensbedingungen nach der Ankunft, auch lange und ungewisse Verfahren, beeinflussen die psychische Gesundheit stark.' },
                    { text: 'Schlechter Schlaf ist bei Migrantinnen und Migranten normal und braucht keine Beachtung.', feedback: 'Nein. Leid kann nachvollziehbar sein, ohne unbedeutend zu sein: Es lohnt sich, danach zu fragen und genauer hinzuschauen, wenn es anhält.' },
                  ],
                },
                es: {
                  kind: 'check',
                  question: 'Un hombre que llegó hace ocho meses cuenta que duerme mal desde que su entrevista de asilo se aplazó por tercera vez. ¿Qué interpretación encaja mejor con lo que acaba de leer?',
                  options: [
                    { text: 'Sus problemas de sueño vienen necesariamente de lo que vivió antes de partir; el presente solo los desencadena.', feedback: 'No exactamente. Las experiencias pasadas importan, pero los estresores posmigratorios, como un procedimiento de asilo incierto, pueden causar o mantener el malestar por sí solos.' },
                    { text: 'La incertidumbre del procedimiento de asilo es un estresor posmigratorio que por sí mismo puede afectar a su salud mental.', feedback: 'Correcto. Las condiciones de vida tras la llegada, incluidos los procedimientos largos e inciertos, influyen mucho en la salud mental.' },
                    { text: 'Dormir mal es normal en las personas migrantes y no requiere atención.', feedback: 'No. Un malestar puede ser comprensible sin ser insignificante: conviene preguntar por él y, si persiste, valorarlo con más detalle.' },
                  ],
                },
                el: {
                  kind: 'check',
                  question: 'Ένας άνδρας που έφτασε πριν από οκτώ μήνες λέει ότι κοιμάται άσχημα από τότε που η συνέντευξη ασύλου του αναβλήθηκε για τρίτη φορά. Ποια ερμηνεία ταιριάζει καλύτερα με όσα μόλις διαβάσατε;',
                  options: [
                    { text: 'Τα προβλήματα ύπνου του οφείλονται οπωσδήποτε σε όσα έζησε πριν φύγει· το παρόν είναι απλώς το έναυσμα.', feedback: 'Όχι ακριβώς. Οι εμπειρίες του παρελθόντος μετράνε, αλλά οι στρεσογόνοι παράγοντες μετά τη μετανάστευση, όπως μια αβέβαιη διαδικασία ασύλου, μπορούν από μόνοι τους να προκαλέσουν ή να συντηρήσουν τη δυσφορία.' },
                    { text: 'Η αβεβαιότητα της διαδικασίας ασύλου είναι ένας μετα-μεταναστευτικός στρεσογόνος παράγοντας που μπορεί από μόνος του να επηρεάσει την ψυχική του υγεία.', feedback: 'Σωστά. Οι συνθήκες ζωής μετά την άφιξη, μαζί και οι μακρές και αβέβαιες διαδικασίες, επηρεάζουν έντονα την ψυχική υγεία.' },
                    { text: 'Ο κακός ύπνος είναι φυσιολογικός για τους μετανάστες και δεν χρειάζεται προσοχή.', feedback: 'Όχι. Η δυσφορία μπορεί να είναι κατανοητή χωρίς να είναι αμελητέα: αξίζει να ρωτήσετε γι’ αυτήν και, αν επιμένει, να τη διερευνήσετε πιο προσεκτικά.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Social determinants of mental health' },
            it: { title: 'I determinanti sociali della salute mentale' },
            de: { title: 'Soziale Determinanten der psychischen Gesundheit' },
            es: { title: 'Determinantes sociales de la salud mental' },
            el: { title: 'Κοινωνικοί προσδιοριστές της ψυχικής υγείας' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Mental health is shaped by the conditions in which people are born, grow up, live, work and grow old. For migrants and refugees, some of these social determinants weigh especially heavily:

- **Legal status**: an insecure or pending status limits access to work, housing and services, and puts the future on hold.
- **Housing and reception**: overcrowding, lack of privacy, repeated transfers and remote locations add stress and isolation.
- **Work and daily activity**: unemployment, exploitative work or enforced idleness wear down self-esteem and the structure of the day.
- **Language and information**: not understanding the language of services makes every step harder and increases the risk of misunderstandings.
- **Social networks**: losing the support of family and community removes an important buffer against distress.
- **Discrimination and racism**: everyday experiences of exclusion are a recognised source of psychological harm.

Health professionals cannot change immigration law or housing policy on their own. They can, however, ask about these conditions, take them into account when they interpret symptoms, and work with social workers, reception staff and community organisations. Often, helping with a practical problem, such as a missing document or a place on a language course, is also good mental-health care.`,
                },
                it: {
                  kind: 'text',
                  markdown: `La salute mentale dipende dalle condizioni in cui le persone nascono, crescono, vivono, lavorano e invecchiano. Per migranti e rifugiati alcuni di questi determinanti sociali pesano in modo particolare:

- **Status giuridico**: uno status precario o in attesa di decisione limita l’accesso a lavoro, casa e servizi, e lascia il futuro in sospeso.
- **Alloggio e accoglienza**: sovraffollamento, mancanza di privacy, trasferimenti ripetuti e strutture isolate aggiungono stress e solitudine.
- **Lavoro e attività quotidiane**: disoccupazione, lavoro sfruttato o inattività forzata logorano l’autostima e la struttura della giornata.
- **Lingua e informazioni**: non capire la lingua dei servizi rende ogni passaggio più difficile e aumenta il rischio di fraintendimenti.
- **Reti sociali**: perdere il sostegno della famiglia e della comunità toglie un’importante protezione contro la sofferenza.
- **Discriminazione e razzismo**: le esperienze quotidiane di esclusione sono una fonte riconosciuta di danno psicologico.

Chi lavora in sanità non può cambiare da solo le leggi sull’immigrazione o le politiche abitative. Può però chiedere di queste condizioni, tenerne conto nel leggere i sintomi e lavorare insieme ad assistenti sociali, operatori dell’accoglienza e realtà del territorio. Spesso aiutare a risolvere un problema pratico, come un documento mancante o l’iscrizione a un corso di lingua, è anche una buona cura della salute mentale.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Samir, waiting',
                  markdown: `Samir is 27 and arrived in the country fourteen months ago. He lives in a reception centre with about eighty other men and shares a room with five of them. At home he was a mechanic; here he is not allowed to work while his asylum claim is examined, and his interview has not yet been scheduled. He calls his mother every week but does not tell her how things really are.

He comes to the clinic for back pain and headaches. When you ask how he spends his days, he shrugs: “I sleep, I wait, I think.” He adds that he has stopped going to his language course because he cannot concentrate.`,
                  prompts: [
                    'Which social determinants may be affecting Samir’s mental health?',
                    'What could you ask him to understand how he is coping and who supports him?',
                    'Which colleagues or services could help with the practical side of his situation?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Samir, in attesa',
                  markdown: `Samir ha 27 anni ed è arrivato quattordici mesi fa. Vive in un centro di accoglienza con una ottantina di uomini e divide la stanza con altri cinque. Nel suo paese faceva il meccanico; qui non può lavorare finché la sua domanda d’asilo è in esame, e la data dell’audizione non è ancora stata fissata. Chiama la madre ogni settimana, ma non le racconta davvero come vanno le cose.

Si presenta in ambulatorio per mal di schiena e mal di testa. Quando gli chiedete come passa le giornate, alza le spalle: «Dormo, aspetto, penso». Aggiunge che ha smesso di frequentare il corso di lingua perché non riesce a concentrarsi.`,
                  prompts: [
                    'Quali determinanti sociali possono incidere sulla salute mentale di Samir?',
                    'Che cosa potreste chiedergli per capire come sta affrontando la situazione e chi lo sostiene?',
                    'Quali colleghi o servizi potrebbero aiutare sugli aspetti pratici della sua situazione?',
                  ],
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'Which of these social determinants of mental health can you address in everyday practice, without any change in policy?',
                  options: [
                    { text: 'A person’s genetic vulnerability to depression.', feedback: 'Genetic factors play a part in mental health, but they are not a social determinant and no referral can change them.' },
                    { text: 'The person’s country of origin.', feedback: 'The country of origin is part of a person’s history, not a condition you can act on; what you can act on are the circumstances they live in now.' },
                    { text: 'The lack of information about language courses and legal advice.', feedback: 'Correct. Information and access to language are social determinants, and linking a person to the right service is something every professional can do.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Su quale di questi determinanti sociali della salute mentale potete intervenire nella pratica quotidiana, senza che cambino le politiche?',
                  options: [
                    { text: 'La vulnerabilità genetica della persona alla depressione.', feedback: 'I fattori genetici hanno un ruolo nella salute mentale, ma non sono un determinante sociale e nessun invio può modificarli.' },
                    { text: 'Il paese di origine della persona.', feedback: 'Il paese di origine fa parte della storia della persona, non è una condizione su cui agire; si può agire invece sulle circostanze in cui vive oggi.' },
                    { text: 'La mancanza di informazioni sui corsi di lingua e sulla consulenza legale.', feedback: 'Esatto. Informazioni e accesso alla lingua sono determinanti sociali, e orientare la persona verso il servizio giusto è alla portata di ogni professionista.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      texts: {
        en: { title: 'Culture, stigma and rights' },
        it: { title: 'Cultura, stigma e diritti' },
        de: { title: 'Kultur, Stigma und Rechte' },
        es: { title: 'Cultura, estigma y derechos' },
        el: { title: 'Πολιτισμός, στίγμα και δικαιώματα' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Culture and the expression of distress' },
            it: { title: 'Cultura ed espressione della sofferenza' },
            de: { title: 'Kultur und der Ausdruck von Leid' },
            es: { title: 'La cultura y la expresión del malestar' },
            el: { title: 'Ο πολιτισμός και η έκφραση της δυσφορίας' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Culture does not only influence what people believe. It shapes how distress is felt in the body, which words are used to describe it, whom people turn to for help and what they expect from treatment. Every culture, including the culture of biomedicine, has its own ways of making sense of suffering.

### Idioms of distress and explanatory models

Many communities share **idioms of distress**: expressions that convey suffering in culturally meaningful ways. “Thinking too much”, a “heavy heart”, heat in the head or weak nerves are examples found in different parts of the world. They may overlap with depression or anxiety, but they are not simple translations of a diagnosis, and they often carry social meanings as well.

People also hold **explanatory models**: their own understanding of what is wrong, why it happened and what will help. These may include spiritual, moral, social or physical explanations, often side by side with biomedical ones.

Bodily complaints such as headaches, pain, tiredness or palpitations are a frequent way of expressing distress in every population. They deserve a proper medical assessment and, at the same time, an open question about worries, sleep and how life is going.`,
                },
                it: {
                  kind: 'text',
                  markdown: `La cultura non influenza soltanto ciò in cui le persone credono. Modella il modo in cui la sofferenza si avverte nel corpo, le parole usate per descriverla, le persone a cui ci si rivolge per chiedere aiuto e ciò che ci si aspetta dalla cura. Ogni cultura, compresa quella della biomedicina, ha i propri modi di dare senso alla sofferenza.

### Idiomi della sofferenza e modelli esplicativi

Molte comunità condividono **idiomi della sofferenza** (*idioms of distress*): espressioni che comunicano il malessere in modi culturalmente significativi. «Pensare troppo», un «cuore pesante», il calore nella testa o i nervi deboli sono esempi presenti in diverse parti del mondo. Possono sovrapporsi a depressione o ansia, ma non sono semplici traduzioni di una diagnosi e spesso hanno anche un significato sociale.

Le persone hanno inoltre dei **modelli esplicativi**: la propria idea di che cosa non va, del perché è successo e di che cosa potrà aiutare. Possono comprendere spiegazioni spirituali, morali, sociali o fisiche, spesso accanto a quelle biomediche.

I disturbi fisici, come mal di testa, dolori, stanchezza o palpitazioni, sono un modo frequente di esprimere la sofferenza in ogni popolazione. Meritano un’accurata valutazione medica e, insieme, una domanda aperta su preoccupazioni, sonno e andamento della vita quotidiana.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Fatou and the heavy head',
                  markdown: `Fatou is 34 and came to Europe two years ago with her young son. She has been to the outpatient clinic several times for headaches and a feeling of heat and pressure in her head. Blood tests and a neurological examination found nothing abnormal. At her last visit the doctor told her the results were “normal” and suggested painkillers.

Today, with the help of an interpreter, she explains that the trouble began when news arrived that her brother had disappeared. “It comes from thinking too much,” she says. “At night the thoughts go round and round.” She asks whether there is a medicine to stop the thinking.`,
                  prompts: [
                    'How might Fatou understand her own problem, and how could you explore her explanatory model?',
                    'What are the risks of telling her only that her results are normal?',
                    'Which questions could help you understand whether she may also be depressed or anxious?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Fatou e la testa pesante',
                  markdown: `Fatou ha 34 anni ed è arrivata in Europa due anni fa con il figlio piccolo. È venuta più volte in ambulatorio per mal di testa e una sensazione di calore e di pressione alla testa. Gli esami del sangue e la visita neurologica non hanno rilevato nulla di anomalo. All’ultima visita il medico le ha detto che gli esiti erano «normali» e le ha consigliato degli analgesici.

Oggi, con l’aiuto di un’interprete, racconta che il disturbo è iniziato quando è arrivata la notizia della scomparsa di suo fratello. «Viene dal pensare troppo», dice. «Di notte i pensieri girano e girano.» Chiede se esiste una medicina per fermare i pensieri.`,
                  prompts: [
                    'Come potrebbe intendere Fatou il proprio problema, e come potreste esplorare il suo modello esplicativo?',
                    'Quali rischi comporta dirle soltanto che gli esami sono normali?',
                    'Quali domande potrebbero aiutarvi a capire se soffre anche di depressione o di ansia?',
                  ],
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'A patient says her problem is “thinking too much”. What is the most helpful first response?',
                  options: [
                    { text: 'Record it as a symptom of depression and start treatment.', feedback: 'Too early. The expression may overlap with depression, but it is not a diagnosis: first you need to understand what it means to her.' },
                    { text: 'Explain that this is not a real medical problem.', feedback: 'This risks making her feel dismissed. Idioms of distress are a real way of expressing suffering and deserve attention.' },
                    { text: 'Ask her what “thinking too much” is like for her, when it started and what she thinks is causing it.', feedback: 'Right. Exploring the idiom and her explanatory model is the basis for an accurate assessment and a shared plan.' },
                    { text: 'Refer her straight away to a traditional healer from her community.', feedback: 'Not as a first step. Some people find traditional help useful, but that choice should come from her, once you have understood her view.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Una paziente dice che il suo problema è «pensare troppo». Qual è la prima risposta più utile?',
                  options: [
                    { text: 'Registrarlo come sintomo di depressione e avviare un trattamento.', feedback: 'Troppo presto. L’espressione può sovrapporsi alla depressione, ma non è una diagnosi: prima occorre capire che cosa significa per lei.' },
                    { text: 'Spiegarle che non si tratta di un vero problema medico.', feedback: 'Rischia di farla sentire liquidata. Gli idiomi della sofferenza sono un modo reale di esprimere il malessere e meritano attenzione.' },
                    { text: 'Chiederle che cosa vuol dire per lei «pensare troppo», quando è iniziato e che cosa pensa lo causi.', feedback: 'Esatto. Esplorare l’idioma e il suo modello esplicativo è la base per una valutazione accurata e per un progetto condiviso.' },
                    { text: 'Indirizzarla subito a un guaritore tradizionale della sua comunità.', feedback: 'Non come primo passo. Alcune persone trovano utile un aiuto tradizionale, ma la scelta deve venire da lei, dopo che avrete compreso il suo punto di vista.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Stigma and the right to health care' },
            it: { title: 'Stigma e diritto alla salute' },
            de: { title: 'Stigma und das Recht auf Gesundheitsversorgung' },
            es: { title: 'El estigma y el derecho a la atención sanitaria' },
            el: { title: 'Το στίγμα και το δικαίωμα στην υγειονομική περίθαλψη' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Stigma around mental illness exists in every society, health services included. For migrants and refugees it can have several layers at once.

- **Within communities**, mental illness may be associated with madness, shame, weakness or spiritual causes, and seeing a psychologist or a psychiatrist can feel like a risk to a person’s reputation or to the family.
- **In the host society**, migrants may already face prejudice as foreigners, and a mental-health problem can add a second label.
- **Within services**, stereotypes can lead professionals to dismiss symptoms as “cultural” or, on the contrary, to make hasty diagnoses of severe illness.

Some people also fear that a psychiatric diagnosis could harm their asylum claim or their chances of staying, or that what they say will be passed on to the authorities. These worries are understandable and should be discussed openly.

You can reduce stigma by explaining that distress after hard experiences is common and understandable, by using the person’s own words before diagnostic labels, by making clear what is confidential and what is not, and by presenting psychological help as one of the ordinary services of the health system.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Lo stigma legato alla malattia mentale esiste in ogni società, servizi sanitari compresi. Per migranti e rifugiati può avere più livelli contemporaneamente.

- **Nelle comunità** la malattia mentale può essere associata alla follia, alla vergogna, alla debolezza o a cause spirituali, e andare da uno psicologo o da uno psichiatra può sembrare un rischio per la propria reputazione o per la famiglia.
- **Nella società di arrivo** le persone migranti possono già subire pregiudizi in quanto straniere, e un problema di salute mentale può aggiungere una seconda etichetta.
- **Nei servizi** gli stereotipi possono portare a liquidare i sintomi come «culturali» o, al contrario, a formulare in fretta diagnosi di malattia grave.

Alcune persone temono anche che una diagnosi psichiatrica possa danneggiare la loro domanda d’asilo o la possibilità di restare, o che ciò che raccontano venga riferito alle autorità. Sono timori comprensibili, di cui è bene parlare apertamente.

Si può ridurre lo stigma spiegando che la sofferenza dopo esperienze difficili è frequente e comprensibile, usando le parole della persona prima delle etichette diagnostiche, chiarendo che cosa resta riservato e che cosa no, e presentando l’aiuto psicologico come uno dei servizi ordinari del sistema sanitario.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### The right to health

The right to the highest attainable standard of physical and mental health is recognised in international human-rights law and belongs to everyone, whatever their migration status. In practice, however, entitlements differ from country to country and often depend on status: asylum seekers, recognised refugees, people with other forms of protection and undocumented migrants may have different rights to the same services.

Even where the right exists on paper, many people cannot use it. Common barriers include:

- not knowing what care is available or how to register;
- language barriers and the lack of professional interpreters;
- administrative requirements, costs or fear of being reported;
- transfers between centres that interrupt treatment.

Every professional can help close this gap: know the basic entitlements in your country and service, offer a professional interpreter, explain how the system works, and make sure that a transfer or a change of status does not mean the end of care. When in doubt, a social worker or a legal adviser can help clarify what a person is entitled to.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Il diritto alla salute

Il diritto al più alto livello raggiungibile di salute fisica e mentale è riconosciuto dal diritto internazionale dei diritti umani e appartiene a ogni persona, qualunque sia la sua condizione migratoria. Nella pratica, però, i diritti effettivi variano da un paese all’altro e spesso dipendono dallo status: richiedenti asilo, rifugiati riconosciuti, titolari di altre forme di protezione e migranti senza documenti possono avere diritti diversi rispetto agli stessi servizi.

Anche dove il diritto esiste sulla carta, molte persone non riescono a esercitarlo. Tra le barriere più comuni:

- non sapere quali cure sono disponibili o come iscriversi;
- le barriere linguistiche e la mancanza di interpreti professionali;
- requisiti amministrativi, costi o paura di essere segnalati;
- trasferimenti tra centri che interrompono le cure.

Ogni professionista può contribuire a colmare questa distanza: conoscere i diritti essenziali nel proprio paese e nel proprio servizio, offrire un interprete professionale, spiegare come funziona il sistema e fare in modo che un trasferimento o un cambio di status non significhino la fine della presa in carico. Nel dubbio, un’assistente sociale o un consulente legale possono aiutare a chiarire a che cosa la persona ha diritto.`,
                },
              },
            },
            {
              data: { correct: [0] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'A woman declines a referral to a psychologist: “People will think I am mad, and it could harm my asylum case.” What is the best response?',
                  options: [
                    { text: 'Acknowledge her worries, explain how confidentiality works and what the service offers, and leave the door open.', feedback: 'Right. Addressing stigma and fears openly, with accurate information, respects her autonomy and makes it more likely that she will seek help later.' },
                    { text: 'Accept her refusal without discussing it; it is her choice.', feedback: 'Her choice must be respected, but first she deserves accurate information: her fears may rest on misunderstandings you can clear up.' },
                    { text: 'Tell her she must go, or her symptoms will get worse.', feedback: 'Pressure tends to increase fear and mistrust. The aim is an informed choice, not persuasion by alarm.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Una donna rifiuta l’invio a una psicologa: «La gente penserà che sono pazza, e potrebbe danneggiare la mia domanda d’asilo». Qual è la risposta migliore?',
                  options: [
                    { text: 'Riconoscere le sue preoccupazioni, spiegare come funziona la riservatezza e che cosa offre il servizio, e lasciare la porta aperta.', feedback: 'Esatto. Affrontare apertamente stigma e timori, con informazioni corrette, rispetta la sua autonomia e rende più probabile che chieda aiuto in seguito.' },
                    { text: 'Accettare il rifiuto senza discuterne: è una sua scelta.', feedback: 'La sua scelta va rispettata, ma prima ha diritto a informazioni corrette: i suoi timori possono basarsi su equivoci che potete chiarire.' },
                    { text: 'Dirle che deve andarci, altrimenti i sintomi peggioreranno.', feedback: 'La pressione tende ad aumentare paura e sfiducia. L’obiettivo è una scelta informata, non convincere allarmando.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  ],
  questions: [
    {
      competence: 'migration-journey',
      correct: 1,
      texts: {
        en: {
          stem: 'Which statement best describes migration from a mental-health point of view?',
          options: [
            'Migration in itself causes mental illness in most migrants.',
            'Migration is a process whose stages each bring specific risks and resources.',
            'Only experiences before departure matter for mental health.',
            'The journey matters only for people who travelled irregularly.',
          ],
          feedback: [
            'Migration is not an illness, and most migrants do not develop a mental disorder; risk depends on what happens at each stage.',
            'Correct. Thinking in stages helps you see both the risks and the resources of each phase.',
            'Conditions after arrival also have a strong effect on mental health, sometimes as strong as past events.',
            'People who migrate through regular channels can also face separation, discrimination and other stressors, even if irregular routes carry particular risks.',
          ],
        },
        it: {
          stem: 'Quale affermazione descrive meglio la migrazione dal punto di vista della salute mentale?',
          options: [
            'La migrazione in sé provoca un disturbo mentale nella maggior parte dei migranti.',
            'La migrazione è un processo le cui fasi comportano ciascuna rischi e risorse specifici.',
            'Per la salute mentale contano solo le esperienze precedenti alla partenza.',
            'Il viaggio conta solo per chi ha viaggiato in modo irregolare.',
          ],
          feedback: [
            'La migrazione non è una malattia e la maggior parte dei migranti non sviluppa un disturbo mentale; il rischio dipende da ciò che accade in ciascuna fase.',
            'Esatto. Ragionare per fasi aiuta a vedere sia i rischi sia le risorse di ogni momento.',
            'Anche le condizioni dopo l’arrivo incidono fortemente sulla salute mentale, a volte quanto gli eventi passati.',
            'Anche chi migra per vie regolari può vivere separazioni, discriminazioni e altri fattori di stress, pur se le rotte irregolari comportano rischi particolari.',
          ],
        },
      },
    },
    {
      competence: 'migration-journey',
      correct: 3,
      texts: {
        en: {
          stem: 'Which of these is a post-migration stressor?',
          options: [
            'Persecution in the country of origin.',
            'Violence experienced during a sea crossing.',
            'A family history of depression.',
            'A long wait for a decision on an asylum claim.',
          ],
          feedback: [
            'This is a pre-migration experience.',
            'This happened during the journey, not after arrival.',
            'This is an individual risk factor, not a stressor linked to life after migration.',
            'Correct. Uncertainty about legal status after arrival is one of the most important post-migration stressors.',
          ],
        },
        it: {
          stem: 'Quale di questi è un fattore di stress post-migratorio?',
          options: [
            'La persecuzione nel paese di origine.',
            'La violenza subita durante una traversata in mare.',
            'Una storia familiare di depressione.',
            'Una lunga attesa per la decisione sulla domanda d’asilo.',
          ],
          feedback: [
            'È un’esperienza pre-migratoria.',
            'È accaduto durante il viaggio, non dopo l’arrivo.',
            'È un fattore di rischio individuale, non un fattore di stress legato alla vita dopo la migrazione.',
            'Esatto. L’incertezza sullo status giuridico dopo l’arrivo è uno dei fattori di stress post-migratori più rilevanti.',
          ],
        },
      },
    },
    {
      competence: 'migration-journey',
      correct: 0,
      texts: {
        en: {
          stem: 'Why is it useful to ask about a person’s resources as well as their difficult experiences?',
          options: [
            'Because resources such as faith, family ties and skills support coping and can be built on in care.',
            'Because it lets you avoid asking about difficult experiences altogether.',
            'Because people with resources do not need any support.',
            'Because resources determine a person’s right to health care.',
          ],
          feedback: [
            'Correct. Recognising strengths avoids seeing migrants only through what they have suffered and gives care something to build on.',
            'Difficult experiences still matter; asking about both gives a balanced picture.',
            'Having resources does not rule out real suffering or the need for help.',
            'The right to health care does not depend on personal resources.',
          ],
        },
        it: {
          stem: 'Perché è utile chiedere alla persona delle sue risorse oltre che delle sue esperienze difficili?',
          options: [
            'Perché risorse come la fede, i legami familiari e le competenze sostengono la capacità di far fronte e la cura può farvi leva.',
            'Perché permette di evitare del tutto le domande sulle esperienze difficili.',
            'Perché chi ha delle risorse non ha bisogno di alcun sostegno.',
            'Perché le risorse determinano il diritto della persona all’assistenza sanitaria.',
          ],
          feedback: [
            'Esatto. Riconoscere i punti di forza evita di vedere i migranti solo attraverso ciò che hanno subito e offre alla cura qualcosa su cui costruire.',
            'Le esperienze difficili restano importanti; chiedere di entrambe le cose dà un quadro equilibrato.',
            'Avere delle risorse non esclude una sofferenza reale né il bisogno di aiuto.',
            'Il diritto all’assistenza sanitaria non dipende dalle risorse personali.',
          ],
        },
      },
    },
    {
      competence: 'social-determinants',
      correct: 2,
      texts: {
        en: {
          stem: 'Which combination of conditions is most likely to worsen an asylum seeker’s mental health after arrival?',
          options: [
            'A stable home, language classes and regular contact with family.',
            'Regular work and a settled legal status.',
            'Enforced idleness, overcrowded housing and separation from family.',
            'Access to a general practitioner and to a community association.',
          ],
          feedback: [
            'These are protective factors.',
            'These conditions generally protect mental health.',
            'Correct. Idleness, overcrowding and separation from family are recognised social determinants that can maintain or worsen distress.',
            'Access to care and community ties are usually protective.',
          ],
        },
        it: {
          stem: 'Quale insieme di condizioni è più probabile che peggiori la salute mentale di un richiedente asilo dopo l’arrivo?',
          options: [
            'Una casa stabile, un corso di lingua e contatti regolari con la famiglia.',
            'Un lavoro regolare e uno status giuridico definito.',
            'Inattività forzata, alloggio sovraffollato e separazione dalla famiglia.',
            'L’accesso a un medico di medicina generale e a un’associazione del territorio.',
          ],
          feedback: [
            'Sono fattori di protezione.',
            'Sono condizioni che in genere proteggono la salute mentale.',
            'Esatto. Inattività, sovraffollamento e separazione dalla famiglia sono determinanti sociali riconosciuti che possono mantenere o aggravare la sofferenza.',
            'L’accesso alle cure e i legami con la comunità di solito proteggono.',
          ],
        },
      },
    },
    {
      competence: 'social-determinants',
      correct: 0,
      texts: {
        en: {
          stem: 'A refugee with low mood tells you he has lost his place in a shelter. What does attention to social determinants suggest?',
          options: [
            'Involve a social worker or the relevant service about housing, while you also assess his mood.',
            'Focus only on his mood; housing is not a health matter.',
            'Wait until his housing is sorted out before asking about his mood.',
            'Treat his low mood as a normal reaction that needs no follow-up.',
          ],
          feedback: [
            'Correct. Practical help and clinical care go together: insecure housing is itself a source of distress.',
            'Housing has a direct effect on mental health, and linking him to help is part of good care.',
            'His mood deserves attention now; the two can be addressed side by side.',
            'Low mood may be understandable, but it still needs to be followed up.',
          ],
        },
        it: {
          stem: 'Un rifugiato con umore depresso vi dice di aver perso il posto in un dormitorio. Che cosa suggerisce l’attenzione ai determinanti sociali?',
          options: [
            'Coinvolgere un’assistente sociale o il servizio competente per l’alloggio, valutando allo stesso tempo il suo umore.',
            'Occuparsi solo del suo umore: l’alloggio non è una questione sanitaria.',
            'Aspettare che la questione dell’alloggio sia risolta prima di chiedergli come si sente.',
            'Considerare il suo umore una reazione normale che non richiede un seguito.',
          ],
          feedback: [
            'Esatto. Aiuto pratico e cura clinica vanno di pari passo: la precarietà abitativa è essa stessa una fonte di sofferenza.',
            'L’alloggio incide direttamente sulla salute mentale, e orientarlo verso un aiuto fa parte di una buona cura.',
            'Il suo umore merita attenzione adesso; le due cose si possono affrontare in parallelo.',
            'L’umore depresso può essere comprensibile, ma va comunque seguito nel tempo.',
          ],
        },
      },
    },
    {
      competence: 'social-determinants',
      correct: 3,
      texts: {
        en: {
          stem: 'Why does discrimination matter for mental health?',
          options: [
            'It matters only if the person reports it formally.',
            'It affects physical health but not mental health.',
            'It matters only for migrants who do not speak the local language.',
            'Repeated experiences of exclusion and racism are a recognised source of psychological harm.',
          ],
          feedback: [
            'Most everyday discrimination is never reported, yet it still has an effect.',
            'Discrimination affects both physical and mental health.',
            'Anyone can experience discrimination, whatever languages they speak.',
            'Correct. Everyday discrimination is a social determinant of mental health and is worth asking about.',
          ],
        },
        it: {
          stem: 'Perché la discriminazione è importante per la salute mentale?',
          options: [
            'Conta solo se la persona la denuncia formalmente.',
            'Incide sulla salute fisica ma non su quella mentale.',
            'Conta solo per i migranti che non parlano la lingua del posto.',
            'Le esperienze ripetute di esclusione e di razzismo sono una fonte riconosciuta di danno psicologico.',
          ],
          feedback: [
            'La maggior parte delle discriminazioni quotidiane non viene mai denunciata, eppure ha comunque un effetto.',
            'La discriminazione incide sia sulla salute fisica sia su quella mentale.',
            'Chiunque può subire discriminazioni, qualunque lingua parli.',
            'Esatto. La discriminazione quotidiana è un determinante sociale della salute mentale e vale la pena chiederne.',
          ],
        },
      },
    },
    {
      competence: 'idioms-of-distress',
      correct: 1,
      texts: {
        en: {
          stem: 'What is an idiom of distress?',
          options: [
            'A rare psychiatric disorder found in only one culture.',
            'A culturally shared way of expressing suffering, which may or may not match a diagnosis.',
            'A symptom a patient invents to get attention.',
            'A translation error made by an interpreter.',
          ],
          feedback: [
            'Idioms of distress are common ways of speaking, not rare disorders.',
            'Correct. Idioms convey suffering in culturally meaningful terms and need to be explored, not simply turned into a diagnosis.',
            'Idioms express real suffering; they are not invented.',
            'Idioms belong to the person’s way of speaking, not to the interpreting, although a good interpreter can help explain them.',
          ],
        },
        it: {
          stem: 'Che cos’è un idioma della sofferenza?',
          options: [
            'Un raro disturbo psichiatrico presente in una sola cultura.',
            'Un modo culturalmente condiviso di esprimere la sofferenza, che può corrispondere o no a una diagnosi.',
            'Un sintomo che il paziente inventa per attirare l’attenzione.',
            'Un errore di traduzione dell’interprete.',
          ],
          feedback: [
            'Gli idiomi della sofferenza sono modi di dire diffusi, non disturbi rari.',
            'Esatto. Gli idiomi esprimono la sofferenza in termini culturalmente significativi e vanno esplorati, non semplicemente trasformati in una diagnosi.',
            'Gli idiomi esprimono una sofferenza reale; non sono inventati.',
            'Gli idiomi appartengono al modo di parlare della persona, non all’interpretazione, anche se un buon interprete può aiutare a spiegarli.',
          ],
        },
      },
    },
    {
      competence: 'idioms-of-distress',
      correct: 2,
      texts: {
        en: {
          stem: 'A patient keeps coming back with pain that has no clear medical cause. What is the most appropriate approach?',
          options: [
            'Tell the patient the pain is psychological and stop further visits.',
            'Keep ordering new tests until a cause is found.',
            'Complete a proper medical assessment and also ask openly about worries, sleep and living conditions.',
            'Conclude that the patient is exaggerating to obtain practical benefits.',
          ],
          feedback: [
            'This can feel dismissive and damage trust; bodily and emotional aspects can be explored together.',
            'Endless testing can feed worry; a balanced approach looks at both the body and the context.',
            'Correct. Bodily complaints are a common way of expressing distress and deserve both medical and psychosocial attention.',
            'This assumption is stigmatising and may make you miss real suffering.',
          ],
        },
        it: {
          stem: 'Un paziente torna più volte per dolori senza una chiara causa medica. Qual è l’approccio più appropriato?',
          options: [
            'Dirgli che il dolore è psicologico e non fissare altre visite.',
            'Continuare a prescrivere nuovi esami finché non si trova una causa.',
            'Completare un’accurata valutazione medica e chiedere apertamente anche di preoccupazioni, sonno e condizioni di vita.',
            'Concludere che il paziente esagera per ottenere vantaggi pratici.',
          ],
          feedback: [
            'Può essere vissuto come un rifiuto e danneggiare la fiducia; aspetti fisici ed emotivi si possono esplorare insieme.',
            'Esami senza fine possono alimentare la preoccupazione; un approccio equilibrato guarda sia al corpo sia al contesto.',
            'Esatto. I disturbi fisici sono un modo frequente di esprimere la sofferenza e meritano attenzione sia medica sia psicosociale.',
            'È un presupposto stigmatizzante che può far perdere di vista una sofferenza reale.',
          ],
        },
      },
    },
    {
      competence: 'idioms-of-distress',
      correct: 0,
      texts: {
        en: {
          stem: 'What does exploring a person’s explanatory model involve?',
          options: [
            'Asking what they think is wrong, what caused it and what they believe will help.',
            'Explaining to them the biomedical cause of their illness.',
            'Finding out which religion they follow.',
            'Checking whether they have understood the diagnosis.',
          ],
          feedback: [
            'Correct. An explanatory model is the person’s own understanding of the problem, its causes and its remedies.',
            'Sharing your view is useful, but exploring theirs comes first.',
            'Religion may be part of an explanatory model, but the model is much broader.',
            'This checks their understanding of your model, not what their own model is.',
          ],
        },
        it: {
          stem: 'Che cosa significa esplorare il modello esplicativo di una persona?',
          options: [
            'Chiederle che cosa pensa non vada, che cosa l’abbia causato e che cosa crede possa aiutare.',
            'Spiegarle la causa biomedica della sua malattia.',
            'Scoprire quale religione pratica.',
            'Verificare se ha capito la diagnosi.',
          ],
          feedback: [
            'Esatto. Il modello esplicativo è il modo in cui la persona stessa intende il problema, le sue cause e i suoi rimedi.',
            'Condividere il proprio punto di vista è utile, ma prima viene l’esplorazione del suo.',
            'La religione può far parte di un modello esplicativo, ma il modello è molto più ampio.',
            'Così si verifica se ha compreso il vostro modello, non quale sia il suo.',
          ],
        },
      },
    },
    {
      competence: 'stigma-and-access',
      correct: 3,
      texts: {
        en: {
          stem: 'An asylum seeker fears that seeing a psychiatrist will harm her asylum claim. What is the best response?',
          options: [
            'Reassure her that nothing she says will ever be shared with anyone.',
            'Tell her that her fear shows she needs psychiatric care.',
            'Avoid the subject and refer her anyway.',
            'Explain clearly what is confidential, what the service does and does not share, and let her decide.',
          ],
          feedback: [
            'Promising absolute confidentiality is inaccurate: there are limits, for example a serious risk to life, and she should know them.',
            'This is stigmatising and disregards an understandable fear.',
            'If her fear is ignored, she will probably not attend.',
            'Correct. Accurate information about confidentiality addresses her fears and supports an informed choice.',
          ],
        },
        it: {
          stem: 'Una richiedente asilo teme che andare da uno psichiatra danneggi la sua domanda d’asilo. Qual è la risposta migliore?',
          options: [
            'Rassicurarla che nulla di ciò che dice sarà mai condiviso con nessuno.',
            'Dirle che la sua paura dimostra che ha bisogno di cure psichiatriche.',
            'Evitare l’argomento e inviarla comunque.',
            'Spiegarle chiaramente che cosa è riservato, che cosa il servizio condivide e che cosa no, e lasciarla decidere.',
          ],
          feedback: [
            'Promettere una riservatezza assoluta non è corretto: ci sono dei limiti, per esempio un grave rischio per la vita, ed è giusto che li conosca.',
            'È una risposta stigmatizzante che ignora un timore comprensibile.',
            'Se il suo timore viene ignorato, probabilmente non si presenterà.',
            'Esatto. Informazioni corrette sulla riservatezza rispondono ai suoi timori e sostengono una scelta informata.',
          ],
        },
      },
    },
    {
      competence: 'stigma-and-access',
      correct: 1,
      texts: {
        en: {
          stem: 'Which of these barriers to health care can a professional help reduce directly?',
          options: [
            'The rules that define entitlements to care.',
            'The lack of a professional interpreter during consultations.',
            'The length of asylum procedures.',
            'The number of reception places in a region.',
          ],
          feedback: [
            'Entitlements are set by law and policy, although you can help people understand them.',
            'Correct. Arranging a professional interpreter is within your reach and makes care safer and fairer.',
            'Professionals cannot change the length of procedures.',
            'This depends on policy and planning, not on individual professionals.',
          ],
        },
        it: {
          stem: 'Quale di queste barriere all’assistenza sanitaria può essere ridotta direttamente da un professionista?',
          options: [
            'Le norme che definiscono il diritto alle cure.',
            'La mancanza di un interprete professionale durante le visite.',
            'La durata delle procedure d’asilo.',
            'Il numero di posti di accoglienza in una regione.',
          ],
          feedback: [
            'I diritti sono stabiliti da leggi e politiche, anche se potete aiutare le persone a comprenderli.',
            'Esatto. Organizzare la presenza di un interprete professionale è alla vostra portata e rende la cura più sicura ed equa.',
            'I professionisti non possono cambiare la durata delle procedure.',
            'Dipende dalle politiche e dalla programmazione, non dai singoli professionisti.',
          ],
        },
      },
    },
    {
      competence: 'stigma-and-access',
      correct: 2,
      texts: {
        en: {
          stem: 'What does the right to health mean for migrants in international human-rights terms?',
          options: [
            'Only recognised refugees have a right to mental-health care.',
            'The right covers emergency care only.',
            'Everyone has the right to the highest attainable standard of physical and mental health, whatever their status.',
            'The right depends on whether the person speaks the language of the host country.',
          ],
          feedback: [
            'In international human-rights law the right to health is universal; national entitlements vary, but the principle does not depend on status.',
            'The right covers physical and mental health broadly, not only emergencies, even where national entitlements are narrower.',
            'Correct. The principle is universal, even though entitlements in practice differ between countries and statuses.',
            'Language is a barrier to be overcome, not a condition of the right.',
          ],
        },
        it: {
          stem: 'Che cosa significa per le persone migranti il diritto alla salute nel diritto internazionale dei diritti umani?',
          options: [
            'Solo i rifugiati riconosciuti hanno diritto alle cure per la salute mentale.',
            'Il diritto riguarda solo le cure urgenti.',
            'Ogni persona ha diritto al più alto livello raggiungibile di salute fisica e mentale, qualunque sia il suo status.',
            'Il diritto dipende dal fatto che la persona parli la lingua del paese di arrivo.',
          ],
          feedback: [
            'Nel diritto internazionale dei diritti umani il diritto alla salute è universale; i diritti previsti dai singoli paesi variano, ma il principio non dipende dallo status.',
            'Il diritto riguarda in generale la salute fisica e mentale, non solo le urgenze, anche dove le norme nazionali sono più restrittive.',
            'Esatto. Il principio è universale, anche se nella pratica i diritti variano tra paesi e tra status diversi.',
            'La lingua è una barriera da superare, non una condizione del diritto.',
          ],
        },
      },
    },
  ],
};

/* ------------------------------------------------------------------------------------------------------------
 * 2. Recognising distress and trauma (interdisciplinary)
 * ---------------------------------------------------------------------------------------------------------- */

const recognisingDistressAndTrauma: DemoCourse = {
  slug: 'recognising-distress-and-trauma',
  sourceLocale: 'en',
  level: 'interdisciplinary',
  topics: ['trauma-and-distress', 'care-pathways'],
  durationMinutes: 110,
  professions: ['psychologist', 'psychiatrist', 'social-worker', 'physician', 'nurse'],
  credits: [
    { profession: 'psychologist', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'ecm', amount: 2 },
    { profession: 'physician', scheme: 'ecm', amount: 2 },
    { profession: 'nurse', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cme', amount: 2 },
    { profession: 'physician', scheme: 'cme', amount: 2 },
    { profession: 'psychologist', scheme: 'cpd', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cpd', amount: 2 },
    { profession: 'social-worker', scheme: 'cpd', amount: 2 },
    { profession: 'physician', scheme: 'cpd', amount: 2 },
    { profession: 'nurse', scheme: 'cpd', amount: 2 },
  ],
  texts: {
    en: {
      title: 'Recognising distress and trauma',
      summary: 'How to tell common reactions to adversity from mental disorders, recognise the signs of PTSD, depression, anxiety and suicide risk, and respond well at first contact and when referring.',
      outcomes: [
        'Distinguish common reactions to adversity from signs that suggest a mental disorder.',
        'Recognise the main signs of post-traumatic stress disorder, depression and anxiety, including bodily presentations.',
        'Ask directly and safely about suicidal thoughts and respond to signs of risk.',
        'Apply the principles of psychological first aid at first contact.',
        'Decide when and how to refer a person to mental-health services.',
      ],
      description: `Most people who have lived through war, persecution or a dangerous journey show signs of distress, and most of them recover with safety, support and time. Some, however, develop disorders that need specialised care, and their suffering often goes unnoticed, hidden behind bodily complaints, language barriers or the urgency of other needs.

This course helps every health professional look, listen and respond: recognise the signs that matter, offer a calm and humane first contact, ask about suicide without fear, and refer at the right time and in the right way. It does not teach you to diagnose or treat trauma; it helps you make sure that the people who need more help get it.`,
    },
    it: {
      title: 'Riconoscere la sofferenza psicologica e il trauma',
      summary: 'Come distinguere le reazioni comuni alle avversità dai disturbi mentali, riconoscere i segni di PTSD, depressione, ansia e rischio suicidario, e rispondere in modo adeguato al primo contatto e al momento dell’invio.',
      outcomes: [
        'Distinguere le reazioni comuni alle avversità dai segnali che fanno pensare a un disturbo mentale.',
        'Riconoscere i principali segni del disturbo da stress post-traumatico, della depressione e dell’ansia, comprese le manifestazioni somatiche.',
        'Chiedere in modo diretto e sicuro dei pensieri suicidari e rispondere ai segnali di rischio.',
        'Applicare i principi del primo soccorso psicologico al primo contatto.',
        'Decidere quando e come inviare una persona ai servizi di salute mentale.',
      ],
      description: `La maggior parte delle persone che hanno vissuto guerre, persecuzioni o un viaggio pericoloso mostra segni di sofferenza, e la maggior parte di loro si riprende con sicurezza, sostegno e tempo. Alcune, però, sviluppano disturbi che richiedono cure specialistiche, e la loro sofferenza passa spesso inosservata, nascosta dietro disturbi fisici, barriere linguistiche o l’urgenza di altri bisogni.

Questo corso aiuta ogni professionista sanitario a osservare, ascoltare e rispondere: riconoscere i segnali importanti, offrire un primo contatto calmo e umano, chiedere del suicidio senza timore e inviare al momento giusto e nel modo giusto. Non insegna a diagnosticare o a trattare il trauma: aiuta a fare in modo che chi ha bisogno di un aiuto maggiore lo riceva.`,
    },
    de: {
      title: 'Psychische Belastung und Trauma erkennen',
      summary: 'Wie man übliche Reaktionen auf schwere Erfahrungen von psychischen Erkrankungen unterscheidet, Anzeichen von PTBS, Depression, Angst und Suizidgefahr erkennt und beim Erstkontakt und bei der Überweisung gut reagiert.',
      outcomes: [
        'Übliche Reaktionen auf schwere Erfahrungen von Anzeichen unterscheiden, die auf eine psychische Erkrankung hindeuten.',
        'Die wichtigsten Anzeichen von posttraumatischer Belastungsstörung, Depression und Angst erkennen, auch wenn sie sich körperlich äußern.',
        'Direkt und sicher nach Suizidgedanken fragen und auf Warnzeichen reagieren.',
        'Die Grundsätze der psychologischen Ersten Hilfe beim Erstkontakt anwenden.',
        'Entscheiden, wann und wie eine Person an psychiatrische oder psychotherapeutische Dienste überwiesen wird.',
      ],
      description: `Die meisten Menschen, die Krieg, Verfolgung oder eine gefährliche Flucht erlebt haben, zeigen Zeichen von Belastung, und die meisten erholen sich, wenn sie Sicherheit, Unterstützung und Zeit bekommen. Manche entwickeln jedoch Erkrankungen, die fachliche Behandlung brauchen – und ihr Leid bleibt oft unbemerkt, verborgen hinter körperlichen Beschwerden, Sprachbarrieren oder anderen dringenden Bedürfnissen.

Dieser Kurs hilft allen Gesundheitsfachkräften, hinzuschauen, zuzuhören und zu reagieren: die wichtigen Anzeichen zu erkennen, einen ruhigen und menschlichen Erstkontakt zu gestalten, ohne Scheu nach Suizidgedanken zu fragen und zum richtigen Zeitpunkt auf die richtige Weise zu überweisen. Er vermittelt nicht, wie man Traumafolgen diagnostiziert oder behandelt, sondern wie man dafür sorgt, dass Menschen, die mehr Hilfe brauchen, sie auch bekommen.`,
    },
    es: {
      title: 'Reconocer el malestar psicológico y el trauma',
      summary: 'Cómo distinguir las reacciones comunes ante la adversidad de los trastornos mentales, reconocer los signos de TEPT, depresión, ansiedad y riesgo de suicidio, y responder bien en el primer contacto y al derivar.',
      outcomes: [
        'Distinguir las reacciones comunes ante la adversidad de los signos que sugieren un trastorno mental.',
        'Reconocer los principales signos del trastorno de estrés postraumático, la depresión y la ansiedad, incluidas sus manifestaciones físicas.',
        'Preguntar de forma directa y segura por las ideas de suicidio y responder ante los signos de riesgo.',
        'Aplicar los principios de los primeros auxilios psicológicos en el primer contacto.',
        'Decidir cuándo y cómo derivar a una persona a los servicios de salud mental.',
      ],
      description: `La mayoría de las personas que han vivido una guerra, la persecución o un viaje peligroso muestran signos de malestar, y la mayoría se recupera con seguridad, apoyo y tiempo. Algunas, sin embargo, desarrollan trastornos que requieren atención especializada, y su sufrimiento suele pasar desapercibido, oculto tras quejas físicas, barreras lingüísticas o la urgencia de otras necesidades.

Este curso ayuda a todos los profesionales de la salud a observar, escuchar y responder: reconocer los signos importantes, ofrecer un primer contacto sereno y humano, preguntar por el suicidio sin miedo y derivar en el momento y de la manera adecuados. No enseña a diagnosticar ni a tratar el trauma; ayuda a que quienes necesitan más apoyo lo reciban.`,
    },
    el: {
      title: 'Αναγνώριση της ψυχικής δυσφορίας και του τραύματος',
      summary: 'Πώς να ξεχωρίζετε τις συνήθεις αντιδράσεις στις αντιξοότητες από τις ψυχικές διαταραχές, να αναγνωρίζετε σημάδια ΔΜΤΣ, κατάθλιψης, άγχους και αυτοκτονικού κινδύνου, και να ανταποκρίνεστε σωστά στην πρώτη επαφή και κατά την παραπομπή.',
      outcomes: [
        'Διακρίνετε τις συνήθεις αντιδράσεις στις αντιξοότητες από τα σημάδια που υποδηλώνουν ψυχική διαταραχή.',
        'Αναγνωρίζετε τα κύρια σημάδια της διαταραχής μετατραυματικού στρες, της κατάθλιψης και του άγχους, και όταν εκφράζονται σωματικά.',
        'Ρωτάτε άμεσα και με ασφάλεια για αυτοκτονικές σκέψεις και ανταποκρίνεστε στα σημάδια κινδύνου.',
        'Εφαρμόζετε τις αρχές των πρώτων βοηθειών ψυχικής υγείας στην πρώτη επαφή.',
        'Αποφασίζετε πότε και πώς να παραπέμψετε ένα άτομο σε υπηρεσίες ψυχικής υγείας.',
      ],
      description: `Οι περισσότεροι άνθρωποι που έχουν ζήσει πόλεμο, δίωξη ή ένα επικίνδυνο ταξίδι εμφανίζουν σημάδια δυσφορίας, και οι περισσότεροι αναρρώνουν όταν βρίσκουν ασφάλεια, στήριξη και χρόνο. Κάποιοι όμως αναπτύσσουν διαταραχές που χρειάζονται εξειδικευμένη φροντίδα, και ο πόνος τους συχνά περνά απαρατήρητος, κρυμμένος πίσω από σωματικά ενοχλήματα, γλωσσικά εμπόδια ή την επείγουσα ανάγκη για άλλα πράγματα.

Αυτό το μάθημα βοηθά κάθε επαγγελματία υγείας να παρατηρεί, να ακούει και να ανταποκρίνεται: να αναγνωρίζει τα σημάδια που μετράνε, να προσφέρει μια ήρεμη και ανθρώπινη πρώτη επαφή, να ρωτά για την αυτοκτονία χωρίς φόβο και να παραπέμπει τη σωστή στιγμή και με τον σωστό τρόπο. Δεν διδάσκει τη διάγνωση ή τη θεραπεία του τραύματος· βοηθά ώστε όσοι χρειάζονται περισσότερη βοήθεια να τη λαμβάνουν.`,
    },
  },
  modules: [
    {
      texts: {
        en: { title: 'Distress, trauma and mental disorders' },
        it: { title: 'Sofferenza, trauma e disturbi mentali' },
        de: { title: 'Belastung, Trauma und psychische Erkrankungen' },
        es: { title: 'Malestar, trauma y trastornos mentales' },
        el: { title: 'Δυσφορία, τραύμα και ψυχικές διαταραχές' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Common reactions and mental disorders' },
            it: { title: 'Reazioni comuni e disturbi mentali' },
            de: { title: 'Übliche Reaktionen und psychische Erkrankungen' },
            es: { title: 'Reacciones comunes y trastornos mentales' },
            el: { title: 'Συνήθεις αντιδράσεις και ψυχικές διαταραχές' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `After war, persecution, violence or a dangerous journey, it is normal to be affected. Many people have trouble sleeping, nightmares, vivid memories, irritability, poor concentration, sadness, worry or a feeling of numbness. Some feel guilty for having survived or for leaving others behind. These are **common reactions to abnormal events**, not signs of weakness or of illness.

For most people these reactions ease over weeks or months, especially when they are safe, have their basic needs met, are in touch with people they trust and have some control over their daily lives. Unstable conditions after arrival can slow this recovery down.

A reaction starts to suggest a mental disorder, and the need for a specialist assessment, when it:

- **lasts** beyond the first weeks or months instead of easing, or gets worse;
- is **intense** and causes severe suffering;
- **interferes with daily life**: looking after oneself or one’s children, following a course, keeping appointments;
- comes with **risk**: thoughts of suicide, self-harm, harm to others, or loss of contact with reality.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Dopo guerre, persecuzioni, violenze o un viaggio pericoloso è normale esserne colpiti. Molte persone hanno difficoltà a dormire, incubi, ricordi vividi, irritabilità, scarsa concentrazione, tristezza, preoccupazione o una sensazione di intorpidimento emotivo. Alcune si sentono in colpa per essere sopravvissute o per aver lasciato indietro altri. Sono **reazioni comuni a eventi fuori dal comune**, non segni di debolezza né di malattia.

Per la maggior parte delle persone queste reazioni si attenuano nel giro di settimane o mesi, soprattutto quando sono al sicuro, hanno i bisogni di base soddisfatti, sono in contatto con persone di cui si fidano e hanno un certo controllo sulla propria vita quotidiana. Condizioni instabili dopo l’arrivo possono rallentare questa ripresa.

Una reazione comincia a far pensare a un disturbo mentale, e alla necessità di una valutazione specialistica, quando:

- **dura** oltre le prime settimane o i primi mesi invece di attenuarsi, oppure peggiora;
- è **intensa** e provoca una sofferenza grave;
- **interferisce con la vita quotidiana**: prendersi cura di sé o dei figli, seguire un corso, rispettare gli appuntamenti;
- si accompagna a un **rischio**: pensieri di suicidio, autolesionismo, pericolo per gli altri o perdita di contatto con la realtà.`,
                },
                de: {
                  kind: 'text',
                  markdown: `Nach Krieg, Verfolgung, Gewalt oder einer gefährlichen Flucht ist es normal, davon gezeichnet zu sein. Viele Menschen schlafen schlecht, haben Albträume, lebhafte Erinnerungen, sind reizbar, können sich schlecht konzentrieren, sind traurig, besorgt oder fühlen sich wie betäubt. Manche fühlen sich schuldig, weil sie überlebt oder andere zurückgelassen haben. Das sind **übliche Reaktionen auf außergewöhnliche Ereignisse**, keine Zeichen von Schwäche oder Krankheit.

Bei den meisten Menschen klingen diese Reaktionen innerhalb von Wochen oder Monaten ab – vor allem, wenn sie in Sicherheit sind, ihre Grundbedürfnisse gedeckt sind, sie Kontakt zu Menschen haben, denen sie vertrauen, und ihren Alltag ein Stück weit selbst gestalten können. Instabile Bedingungen nach der Ankunft können diese Erholung verlangsamen.

Eine Reaktion deutet eher auf eine psychische Erkrankung und damit auf den Bedarf einer fachlichen Abklärung hin, wenn sie:

- über die ersten Wochen oder Monate hinaus **anhält**, statt nachzulassen, oder sich verschlimmert;
- **sehr stark** ist und schweres Leid verursacht;
- **den Alltag beeinträchtigt**: für sich selbst oder die eigenen Kinder sorgen, einen Kurs besuchen, Termine einhalten;
- mit einem **Risiko** einhergeht: Suizidgedanken, Selbstverletzung, Gefahr für andere oder Verlust des Realitätsbezugs.`,
                },
                es: {
                  kind: 'text',
                  markdown: `Después de una guerra, la persecución, la violencia o un viaje peligroso, es normal sentirse afectado. Muchas personas tienen problemas para dormir, pesadillas, recuerdos muy vivos, irritabilidad, dificultad para concentrarse, tristeza, preocupación o una sensación de embotamiento. Algunas se sienten culpables por haber sobrevivido o por haber dejado a otros atrás. Son **reacciones comunes ante acontecimientos anormales**, no signos de debilidad ni de enfermedad.

En la mayoría de las personas, estas reacciones se atenúan en semanas o meses, sobre todo cuando están a salvo, tienen cubiertas sus necesidades básicas, mantienen el contacto con personas de confianza y tienen cierto control sobre su vida cotidiana. Unas condiciones inestables tras la llegada pueden frenar esta recuperación.

Una reacción empieza a sugerir un trastorno mental, y la necesidad de una valoración especializada, cuando:

- **se prolonga** más allá de las primeras semanas o meses en lugar de remitir, o empeora;
- es **intensa** y causa un sufrimiento grave;
- **interfiere en la vida diaria**: cuidar de sí o de los hijos, seguir un curso, acudir a las citas;
- se acompaña de **riesgo**: ideas de suicidio, autolesiones, peligro para otras personas o pérdida de contacto con la realidad.`,
                },
                el: {
                  kind: 'text',
                  markdown: `Μετά από πόλεμο, δίωξη, βία ή ένα επικίνδυνο ταξίδι, είναι φυσιολογικό να επηρεάζεται κανείς. Πολλοί άνθρωποι δυσκολεύονται να κοιμηθούν, βλέπουν εφιάλτες, έχουν έντονες αναμνήσεις, ευερεθιστότητα, δυσκολία συγκέντρωσης, θλίψη, ανησυχία ή ένα αίσθημα συναισθηματικού μουδιάσματος. Κάποιοι νιώθουν ενοχές επειδή επέζησαν ή επειδή άφησαν άλλους πίσω. Πρόκειται για **συνήθεις αντιδράσεις σε ασυνήθιστα γεγονότα**, όχι για σημάδια αδυναμίας ή ασθένειας.

Στους περισσότερους ανθρώπους οι αντιδράσεις αυτές υποχωρούν μέσα σε εβδομάδες ή μήνες, ιδίως όταν είναι ασφαλείς, καλύπτουν τις βασικές τους ανάγκες, έχουν επαφή με ανθρώπους που εμπιστεύονται και κάποιον έλεγχο στην καθημερινότητά τους. Οι ασταθείς συνθήκες μετά την άφιξη μπορούν να επιβραδύνουν αυτή την ανάρρωση.

Μια αντίδραση αρχίζει να υποδηλώνει ψυχική διαταραχή, και την ανάγκη για εξειδικευμένη αξιολόγηση, όταν:

- **διαρκεί** πέρα από τις πρώτες εβδομάδες ή μήνες αντί να υποχωρεί, ή επιδεινώνεται·
- είναι **έντονη** και προκαλεί σοβαρό πόνο·
- **επηρεάζει την καθημερινή λειτουργικότητα**: τη φροντίδα του εαυτού ή των παιδιών, την παρακολούθηση ενός μαθήματος, την τήρηση των ραντεβού·
- συνοδεύεται από **κίνδυνο**: αυτοκτονικές σκέψεις, αυτοτραυματισμό, κίνδυνο για άλλους ή απώλεια της επαφής με την πραγματικότητα.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Neither overlooking nor over-labelling

Two mistakes are common in work with refugees and migrants. The first is to **overlook** suffering: people may not mention emotional problems, may present only physical complaints, or may seem to be coping because they are polite and grateful. Language barriers and short appointments make this easier.

The second is to **over-label**: to assume that everyone who has fled a war has PTSD, or to turn understandable sadness and worry into a diagnosis. This can stigmatise, can undermine people’s sense of their own strength and can divert scarce specialist resources.

A balanced approach means:

- asking about mood, sleep and worries as a routine part of care, for everyone;
- paying attention to how the person functions, not only to symptoms;
- taking the person’s own view of their difficulties seriously;
- looking again over time, because distress changes and a single contact gives only a snapshot.

Validated screening tools, available in several languages, can support this. They point to who needs a fuller assessment; they do not make a diagnosis.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Né trascurare né etichettare

Nel lavoro con rifugiati e migranti sono frequenti due errori. Il primo è **trascurare** la sofferenza: le persone possono non parlare dei propri problemi emotivi, presentare solo disturbi fisici o sembrare a posto perché sono cortesi e riconoscenti. Le barriere linguistiche e le visite brevi rendono questo errore più facile.

Il secondo è **etichettare troppo**: dare per scontato che chiunque sia fuggito da una guerra abbia un PTSD, o trasformare in diagnosi una tristezza e una preoccupazione comprensibili. Questo può stigmatizzare, indebolire la percezione che le persone hanno della propria forza e sottrarre risorse specialistiche già scarse.

Un approccio equilibrato significa:

- chiedere di umore, sonno e preoccupazioni come parte abituale della cura, a tutti;
- fare attenzione a come la persona funziona nella vita di tutti i giorni, non solo ai sintomi;
- prendere sul serio il modo in cui la persona stessa vede le proprie difficoltà;
- tornare a osservare nel tempo, perché la sofferenza cambia e un singolo incontro offre solo un’istantanea.

Gli strumenti di screening validati, disponibili in diverse lingue, possono essere d’aiuto. Indicano chi ha bisogno di una valutazione più approfondita; non fanno diagnosi.`,
                },
                de: {
                  kind: 'text',
                  markdown: `### Weder übersehen noch vorschnell etikettieren

In der Arbeit mit Geflüchteten und Migrantinnen und Migranten kommen zwei Fehler häufig vor. Der erste ist, Leid zu **übersehen**: Menschen sprechen seelische Probleme vielleicht nicht an, schildern nur körperliche Beschwerden oder wirken stabil, weil sie höflich und dankbar sind. Sprachbarrieren und kurze Termine begünstigen diesen Fehler.

Der zweite ist, **vorschnell zu etikettieren**: anzunehmen, dass alle, die vor einem Krieg geflohen sind, eine PTBS haben, oder nachvollziehbare Trauer und Sorge in eine Diagnose zu verwandeln. Das kann stigmatisieren, das Vertrauen der Menschen in ihre eigene Stärke untergraben und knappe fachliche Ressourcen binden.

Ein ausgewogener Ansatz bedeutet:

- bei allen routinemäßig nach Stimmung, Schlaf und Sorgen zu fragen;
- darauf zu achten, wie die Person im Alltag zurechtkommt, nicht nur auf Symptome;
- die eigene Sicht der Person auf ihre Schwierigkeiten ernst zu nehmen;
- im Verlauf erneut hinzuschauen, denn Belastung verändert sich, und ein einzelner Kontakt liefert nur eine Momentaufnahme.

Validierte Screening-Instrumente, die in mehreren Sprachen vorliegen, können dabei helfen. Sie zeigen, wer eine ausführlichere Abklärung braucht; eine Diagnose stellen sie nicht.`,
                },
                es: {
                  kind: 'text',
                  markdown: `### Ni pasar por alto ni etiquetar de más

En el trabajo con personas refugiadas y migrantes son frecuentes dos errores. El primero es **pasar por alto** el sufrimiento: es posible que las personas no mencionen sus problemas emocionales, que solo consulten por molestias físicas o que parezcan estar bien porque son educadas y agradecidas. Las barreras lingüísticas y las consultas breves facilitan este error.

El segundo es **etiquetar de más**: dar por hecho que todo el que ha huido de una guerra tiene TEPT, o convertir en diagnóstico una tristeza y una preocupación comprensibles. Esto puede estigmatizar, minar la confianza de las personas en su propia fortaleza y desviar recursos especializados que ya son escasos.

Un enfoque equilibrado consiste en:

- preguntar a todo el mundo por el estado de ánimo, el sueño y las preocupaciones como parte habitual de la atención;
- fijarse en cómo se desenvuelve la persona en su día a día, no solo en los síntomas;
- tomar en serio la visión que la propia persona tiene de sus dificultades;
- volver a valorar con el tiempo, porque el malestar cambia y un único contacto solo ofrece una instantánea.

Las herramientas de cribado validadas, disponibles en varios idiomas, pueden ayudar. Señalan quién necesita una valoración más completa; no establecen un diagnóstico.`,
                },
                el: {
                  kind: 'text',
                  markdown: `### Ούτε παράβλεψη ούτε βιαστικές ετικέτες

Στη δουλειά με πρόσφυγες και μετανάστες συμβαίνουν συχνά δύο λάθη. Το πρώτο είναι να **παραβλέπουμε** τον πόνο: οι άνθρωποι μπορεί να μη μιλούν για συναισθηματικά προβλήματα, να αναφέρουν μόνο σωματικά ενοχλήματα ή να φαίνονται ότι τα καταφέρνουν επειδή είναι ευγενικοί και ευγνώμονες. Τα γλωσσικά εμπόδια και τα σύντομα ραντεβού κάνουν αυτό το λάθος πιο εύκολο.

Το δεύτερο είναι να **βάζουμε βιαστικά ετικέτες**: να θεωρούμε ότι όποιος έφυγε από πόλεμο έχει ΔΜΤΣ ή να μετατρέπουμε σε διάγνωση μια κατανοητή θλίψη και ανησυχία. Αυτό μπορεί να στιγματίσει, να υπονομεύσει την αίσθηση των ανθρώπων για τη δική τους δύναμη και να απορροφήσει εξειδικευμένους πόρους που ήδη σπανίζουν.

Μια ισορροπημένη προσέγγιση σημαίνει:

- να ρωτάτε όλους για τη διάθεση, τον ύπνο και τις ανησυχίες τους ως συνηθισμένο μέρος της φροντίδας·
- να προσέχετε πώς λειτουργεί ο άνθρωπος στην καθημερινότητα, όχι μόνο τα συμπτώματα·
- να παίρνετε στα σοβαρά τον τρόπο που ο ίδιος βλέπει τις δυσκολίες του·
- να επανεκτιμάτε με τον χρόνο, γιατί η δυσφορία αλλάζει και μία μόνο επαφή δίνει απλώς ένα στιγμιότυπο.

Τα σταθμισμένα εργαλεία διαλογής, διαθέσιμα σε αρκετές γλώσσες, μπορούν να βοηθήσουν. Δείχνουν ποιος χρειάζεται πληρέστερη αξιολόγηση· δεν θέτουν διάγνωση.`,
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'A woman who arrived three weeks ago has nightmares and startles easily, but she looks after her children, keeps her appointments and is looking forward to her language course. What is the most appropriate view?',
                  options: [
                    { text: 'She has PTSD and should be referred at once to a trauma specialist.', feedback: 'Too early. Symptoms shortly after severe stress are common and often ease; a diagnosis needs more time and a fuller assessment.' },
                    { text: 'Her reactions do not matter, since she is functioning well.', feedback: 'Her reactions still deserve attention and information, and they should be checked again over time.' },
                    { text: 'These are common reactions that may ease with safety and support: offer information and check again at a later visit.', feedback: 'Right. She functions well and shows no sign of risk, so supportive watchfulness and a later review are appropriate.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Una donna arrivata tre settimane fa ha incubi e si spaventa facilmente, ma si prende cura dei figli, rispetta gli appuntamenti e aspetta con interesse l’inizio del corso di lingua. Qual è la lettura più appropriata?',
                  options: [
                    { text: 'Ha un PTSD e va inviata subito a uno specialista del trauma.', feedback: 'Troppo presto. I sintomi che seguono da poco uno stress grave sono frequenti e spesso si attenuano; una diagnosi richiede più tempo e una valutazione più completa.' },
                    { text: 'Le sue reazioni non contano, perché funziona bene.', feedback: 'Le sue reazioni meritano comunque attenzione e informazioni, e vanno riconsiderate nel tempo.' },
                    { text: 'Sono reazioni comuni che possono attenuarsi con sicurezza e sostegno: offrirle informazioni e rivalutare in una visita successiva.', feedback: 'Esatto. Funziona bene e non ci sono segnali di rischio, quindi sono appropriati un’osservazione di sostegno e una nuova valutazione più avanti.' },
                  ],
                },
                de: {
                  kind: 'check',
                  question: 'Eine Frau, die vor drei Wochen angekommen ist, hat Albträume und schreckt leicht auf. Sie versorgt aber ihre Kinder, hält ihre Termine ein und freut sich auf ihren Sprachkurs. Welche Einschätzung ist am angemessensten?',
                  options: [
                    { text: 'Sie hat eine PTBS und sollte sofort an eine Traumaspezialistin überwiesen werden.', feedback: 'Zu früh. Symptome kurz nach schwerer Belastung sind häufig und klingen oft ab; eine Diagnose braucht mehr Zeit und eine umfassendere Abklärung.' },
                    { text: 'Ihre Reaktionen spielen keine Rolle, da sie gut zurechtkommt.', feedback: 'Ihre Reaktionen verdienen dennoch Aufmerksamkeit und Information und sollten im Verlauf erneut betrachtet werden.' },
                    { text: 'Es sind übliche Reaktionen, die mit Sicherheit und Unterstützung nachlassen können: Informationen anbieten und bei einem späteren Termin erneut nachfragen.', feedback: 'Richtig. Sie kommt gut zurecht und zeigt keine Risikozeichen; unterstützende Beobachtung und eine spätere erneute Einschätzung sind angemessen.' },
                  ],
                },
                es: {
                  kind: 'check',
                  question: 'Una mujer que llegó hace tres semanas tiene pesadillas y se sobresalta con facilidad, pero cuida de sus hijos, acude a sus citas y tiene ganas de empezar el curso de idioma. ¿Cuál es la valoración más adecuada?',
                  options: [
                    { text: 'Tiene TEPT y debe derivarse de inmediato a un especialista en trauma.', feedback: 'Es demasiado pronto. Los síntomas poco después de un estrés grave son frecuentes y a menudo remiten; un diagnóstico requiere más tiempo y una valoración más completa.' },
                    { text: 'Sus reacciones no tienen importancia, ya que se desenvuelve bien.', feedback: 'Sus reacciones merecen igualmente atención e información, y conviene volver a valorarlas con el tiempo.' },
                    { text: 'Son reacciones comunes que pueden remitir con seguridad y apoyo: ofrecerle información y volver a valorar en una próxima visita.', feedback: 'Correcto. Se desenvuelve bien y no hay signos de riesgo, así que lo adecuado es un seguimiento atento y una nueva valoración más adelante.' },
                  ],
                },
                el: {
                  kind: 'check',
                  question: 'Μια γυναίκα που έφτασε πριν από τρεις εβδομάδες βλέπει εφιάλτες και τρομάζει εύκολα, αλλά φροντίζει τα παιδιά της, έρχεται στα ραντεβού της και ανυπομονεί να ξεκινήσει μαθήματα γλώσσας. Ποια εκτίμηση είναι η πιο κατάλληλη;',
                  options: [
                    { text: 'Έχει ΔΜΤΣ και πρέπει να παραπεμφθεί αμέσως σε ειδικό για το τραύμα.', feedback: 'Είναι νωρίς. Τα συμπτώματα λίγο μετά από σοβαρό στρες είναι συχνά και συχνά υποχωρούν· η διάγνωση χρειάζεται περισσότερο χρόνο και πληρέστερη αξιολόγηση.' },
                    { text: 'Οι αντιδράσεις της δεν έχουν σημασία, αφού λειτουργεί καλά.', feedback: 'Οι αντιδράσεις της αξίζουν ωστόσο προσοχή και ενημέρωση, και πρέπει να επανεκτιμηθούν με τον χρόνο.' },
                    { text: 'Είναι συνήθεις αντιδράσεις που μπορεί να υποχωρήσουν με ασφάλεια και στήριξη: προσφέρετε ενημέρωση και επανεκτιμήστε σε επόμενη επίσκεψη.', feedback: 'Σωστά. Λειτουργεί καλά και δεν υπάρχουν σημάδια κινδύνου, οπότε ενδείκνυνται υποστηρικτική παρακολούθηση και νέα εκτίμηση αργότερα.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Recognising PTSD, depression and anxiety' },
            it: { title: 'Riconoscere PTSD, depressione e ansia' },
            de: { title: 'PTBS, Depression und Angst erkennen' },
            es: { title: 'Reconocer el TEPT, la depresión y la ansiedad' },
            el: { title: 'Αναγνώριση ΔΜΤΣ, κατάθλιψης και άγχους' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Post-traumatic stress disorder

PTSD can develop after exposure to events involving death, serious injury or sexual violence, or the threat of them. Its main features are:

- **re-experiencing**: intrusive memories, nightmares, flashbacks in which the event feels as if it were happening again;
- **avoidance** of reminders, places, people or conversations linked to the event;
- **a persistent sense of threat**: being constantly on guard, startling easily, sleeping poorly, irritability.

Many people also have negative beliefs about themselves or the world, guilt, shame or emotional numbness. After repeated or prolonged trauma, such as torture or long captivity, difficulties with emotions, relationships and self-worth may be particularly marked.

### Depression and anxiety

Depression is common among refugees, often together with PTSD. Look for persistent low mood, loss of interest or pleasure, tiredness, poor sleep and appetite, difficulty concentrating, feelings of worthlessness or hopelessness, and thoughts of death. Anxiety may show as constant worry, tension, restlessness or panic attacks.

In many people these conditions appear first as **bodily complaints**: headaches, pain, dizziness, palpitations, stomach problems or exhaustion. Ask about sleep, mood and worries whenever physical symptoms do not add up.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Disturbo da stress post-traumatico

Il PTSD può svilupparsi dopo l’esposizione a eventi che comportano morte, lesioni gravi o violenza sessuale, o la minaccia di questi. Le sue caratteristiche principali sono:

- **rivivere l’evento**: ricordi intrusivi, incubi, flashback in cui l’evento sembra accadere di nuovo;
- **evitamento** di ciò che lo ricorda: luoghi, persone o conversazioni legati all’evento;
- **un senso persistente di minaccia**: stare sempre all’erta, spaventarsi facilmente, dormire male, irritabilità.

Molte persone hanno anche convinzioni negative su di sé o sul mondo, senso di colpa, vergogna o intorpidimento emotivo. Dopo traumi ripetuti o prolungati, come la tortura o una lunga prigionia, le difficoltà nella regolazione delle emozioni, nelle relazioni e nella stima di sé possono essere particolarmente marcate.

### Depressione e ansia

La depressione è frequente tra i rifugiati, spesso insieme al PTSD. Fate attenzione a umore depresso persistente, perdita di interesse o di piacere, stanchezza, disturbi del sonno e dell’appetito, difficoltà di concentrazione, sentimenti di inutilità o di disperazione e pensieri di morte. L’ansia può manifestarsi come preoccupazione costante, tensione, irrequietezza o attacchi di panico.

In molte persone questi disturbi si presentano dapprima come **disturbi fisici**: mal di testa, dolori, vertigini, palpitazioni, disturbi gastrici o spossatezza. Chiedete di sonno, umore e preoccupazioni ogni volta che i sintomi fisici non tornano.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Yonas and the slamming door',
                  markdown: `Yonas is 22. He spent several months in a detention centre in a transit country before crossing the sea. He now lives in a reception centre and attends vocational training. The staff describe him as polite and quiet, but he has missed several lessons because he “oversleeps”.

He comes to the nurse asking for something for his stomach. While she takes his blood pressure, a door slams in the corridor and he jumps to his feet. He apologises and says he has not slept properly for months: he wakes at night drenched in sweat, “seeing the place again”, and then lies awake until dawn. He avoids the seafront because the sight of the water makes him feel sick.`,
                  prompts: [
                    'Which signs in Yonas’s story suggest post-traumatic stress?',
                    'What else would you want to know before deciding whether to refer him?',
                    'How could you explain to Yonas, in simple words, what may be happening to him?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Yonas e la porta che sbatte',
                  markdown: `Yonas ha 22 anni. Ha trascorso diversi mesi in un centro di detenzione in un paese di transito prima di attraversare il mare. Ora vive in un centro di accoglienza e frequenta un corso di formazione professionale. Gli operatori lo descrivono come educato e silenzioso, ma ha perso diverse lezioni perché «non si sveglia».

Si rivolge all’infermiera per chiedere qualcosa per lo stomaco. Mentre lei gli misura la pressione, una porta sbatte nel corridoio e lui scatta in piedi. Si scusa e racconta che da mesi non dorme bene: di notte si sveglia fradicio di sudore, «rivedendo quel posto», e poi resta sveglio fino all’alba. Evita il lungomare perché la vista dell’acqua gli dà la nausea.`,
                  prompts: [
                    'Quali segnali nella storia di Yonas fanno pensare a uno stress post-traumatico?',
                    'Che cos’altro vorreste sapere prima di decidere se inviarlo a un servizio specialistico?',
                    'Come potreste spiegare a Yonas, con parole semplici, che cosa gli sta succedendo?',
                  ],
                },
              },
            },
            {
              data: { correct: [3] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'Which group of signs is most typical of post-traumatic stress disorder?',
                  options: [
                    { text: 'Hearing voices that others do not hear and believing that one’s thoughts are being broadcast.', feedback: 'These signs may suggest psychosis; they call for a prompt assessment but are not the core features of PTSD.' },
                    { text: 'Low mood, loss of interest and feelings of worthlessness for most of the day.', feedback: 'These are typical of depression, which often occurs alongside PTSD but is a different condition.' },
                    { text: 'Excessive worry about many everyday matters, with muscle tension.', feedback: 'This pattern is more typical of generalised anxiety.' },
                    { text: 'Intrusive memories and nightmares, avoidance of reminders and a constant sense of threat.', feedback: 'Correct. Re-experiencing, avoidance and a persistent sense of threat are the core features of PTSD.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Quale gruppo di segni è più tipico del disturbo da stress post-traumatico?',
                  options: [
                    { text: 'Sentire voci che gli altri non sentono e credere che i propri pensieri vengano trasmessi all’esterno.', feedback: 'Questi segni possono far pensare a una psicosi; richiedono una valutazione tempestiva ma non sono le caratteristiche centrali del PTSD.' },
                    { text: 'Umore depresso, perdita di interesse e sentimenti di inutilità per gran parte della giornata.', feedback: 'Sono tipici della depressione, che spesso si associa al PTSD ma è un disturbo diverso.' },
                    { text: 'Preoccupazione eccessiva per molte questioni quotidiane, con tensione muscolare.', feedback: 'Questo quadro è più tipico dell’ansia generalizzata.' },
                    { text: 'Ricordi intrusivi e incubi, evitamento di ciò che ricorda l’evento e un costante senso di minaccia.', feedback: 'Esatto. Rivivere l’evento, l’evitamento e un senso persistente di minaccia sono le caratteristiche centrali del PTSD.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      texts: {
        en: { title: 'First contact, safety and referral' },
        it: { title: 'Primo contatto, sicurezza e invio' },
        de: { title: 'Erstkontakt, Sicherheit und Überweisung' },
        es: { title: 'Primer contacto, seguridad y derivación' },
        el: { title: 'Πρώτη επαφή, ασφάλεια και παραπομπή' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'First contact and psychological first aid' },
            it: { title: 'Il primo contatto e il primo soccorso psicologico' },
            de: { title: 'Erstkontakt und psychologische Erste Hilfe' },
            es: { title: 'El primer contacto y los primeros auxilios psicológicos' },
            el: { title: 'Η πρώτη επαφή και οι πρώτες βοήθειες ψυχικής υγείας' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `The first contact with a health service can decide whether a person comes back. People who have lived through violence or persecution may be wary of institutions, afraid of being judged or unsure of what they are allowed to say. A calm and respectful first contact is already an intervention.

**Psychological first aid** (PFA) is a widely used, humane way of supporting people in acute distress. It is not therapy and does not require specialist training. Its principles are often summed up as *look, listen, link*:

- **Look**: check for safety, urgent physical needs and signs of serious distress.
- **Listen**: approach gently, introduce yourself, ask about needs and concerns, help the person feel calmer. Let them say as much or as little as they wish.
- **Link**: help with basic needs and access to services, give clear information, and connect the person with family, community and support.

Two cautions matter especially. Do **not** press people to recount traumatic experiences in detail: it can be distressing and it is not needed in order to help. And do not make promises you cannot keep, for example about the asylum procedure. Work with a professional interpreter, explain your role and say what will happen next.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Il primo contatto con un servizio sanitario può decidere se una persona tornerà. Chi ha vissuto violenze o persecuzioni può diffidare delle istituzioni, temere di essere giudicato o non sapere che cosa può dire. Un primo contatto calmo e rispettoso è già un intervento.

Il **primo soccorso psicologico** (*psychological first aid*, PFA) è un modo umano e molto diffuso di sostenere le persone in una fase di sofferenza acuta. Non è una psicoterapia e non richiede una formazione specialistica. I suoi principi si riassumono spesso in tre parole, *osservare, ascoltare, collegare*:

- **Osservare**: verificare la sicurezza, i bisogni fisici urgenti e i segni di grave sofferenza.
- **Ascoltare**: avvicinarsi con delicatezza, presentarsi, chiedere di bisogni e preoccupazioni, aiutare la persona a calmarsi. Lasciarle dire tanto o poco quanto desidera.
- **Collegare**: aiutare con i bisogni di base e l’accesso ai servizi, dare informazioni chiare, mettere la persona in contatto con famiglia, comunità e sostegni.

Due cautele contano in modo particolare. **Non** insistete perché la persona racconti nei dettagli le esperienze traumatiche: può essere doloroso e non è necessario per aiutarla. E non fate promesse che non potete mantenere, per esempio sulla procedura d’asilo. Lavorate con un interprete professionale, spiegate il vostro ruolo e dite che cosa succederà dopo.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Mariam in the waiting room',
                  markdown: `Mariam arrives at the clinic with a letter from her reception centre about a routine vaccination. In the waiting room she starts to cry and breathe fast; in a few words of English she says she cannot stay. The receptionist calls the nurse on duty.

The nurse takes her to a quiet room, offers her water and sits down beside her. With a telephone interpreter, Mariam explains that the security guard at the entrance wore a uniform like those of the guards where she was held before reaching Europe. She is ashamed of “making a scene” and asks whether she will now be sent away.`,
                  prompts: [
                    'Which principles of psychological first aid is the nurse already applying?',
                    'What should the nurse avoid asking Mariam at this moment?',
                    'What information and next steps could help Mariam feel safer today?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Mariam in sala d’attesa',
                  markdown: `Mariam arriva in ambulatorio con una lettera del centro di accoglienza per una vaccinazione di routine. In sala d’attesa comincia a piangere e a respirare affannosamente; con poche parole d’inglese dice che non può restare. L’addetta all’accettazione chiama l’infermiera di turno.

L’infermiera la accompagna in una stanza tranquilla, le offre un bicchiere d’acqua e si siede accanto a lei. Con un interprete al telefono, Mariam spiega che la guardia giurata all’ingresso porta una divisa simile a quella delle guardie del luogo in cui è stata trattenuta prima di arrivare in Europa. Si vergogna di «aver fatto una scenata» e chiede se adesso la manderanno via.`,
                  prompts: [
                    'Quali principi del primo soccorso psicologico sta già applicando l’infermiera?',
                    'Che cosa dovrebbe evitare di chiedere a Mariam in questo momento?',
                    'Quali informazioni e quali passi successivi potrebbero aiutare Mariam a sentirsi più al sicuro oggi?',
                  ],
                },
              },
            },
            {
              data: { correct: [0] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'Which of these actions is consistent with psychological first aid?',
                  options: [
                    { text: 'Helping the person find a quiet place, asking what they need most and explaining what will happen next.', feedback: 'Correct. Safety, calm, attention to needs and clear information are at the heart of psychological first aid.' },
                    { text: 'Asking the person to describe exactly what happened to them, so that they can get it off their chest.', feedback: 'Pressing for a detailed account can increase distress; people should share only what they wish.' },
                    { text: 'Telling the person that everything will be fine and that their asylum claim will surely be accepted.', feedback: 'Promises you cannot keep undermine trust. Honest and clear information helps more.' },
                    { text: 'Diagnosing the person’s condition so that treatment can start at once.', feedback: 'PFA is neither diagnosis nor treatment: it is humane support and a link to further help where needed.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Quale di queste azioni è coerente con il primo soccorso psicologico?',
                  options: [
                    { text: 'Aiutare la persona a trovare un luogo tranquillo, chiederle di che cosa ha più bisogno e spiegarle che cosa succederà dopo.', feedback: 'Esatto. Sicurezza, calma, attenzione ai bisogni e informazioni chiare sono il cuore del primo soccorso psicologico.' },
                    { text: 'Chiedere alla persona di descrivere esattamente che cosa le è successo, così da «sfogarsi».', feedback: 'Insistere per un racconto dettagliato può aumentare la sofferenza; la persona deve condividere solo ciò che desidera.' },
                    { text: 'Dire alla persona che andrà tutto bene e che la sua domanda d’asilo sarà sicuramente accolta.', feedback: 'Le promesse che non si possono mantenere minano la fiducia. Informazioni oneste e chiare aiutano di più.' },
                    { text: 'Diagnosticare il disturbo della persona per poter iniziare subito un trattamento.', feedback: 'Il primo soccorso psicologico non è né diagnosi né trattamento: è un sostegno umano e un collegamento con ulteriori aiuti, se necessari.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Suicide risk and when to refer' },
            it: { title: 'Rischio suicidario e quando inviare' },
            de: { title: 'Suizidrisiko und wann überwiesen werden sollte' },
            es: { title: 'Riesgo de suicidio y cuándo derivar' },
            el: { title: 'Κίνδυνος αυτοκτονίας και πότε να παραπέμψετε' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Asking about suicide

Refugees and asylum seekers may be at increased risk of suicidal thoughts, especially at times of acute stress: a negative decision on an asylum claim, news of harm to family members, a transfer, detention or the threat of removal. Depression, PTSD, isolation, previous self-harm and substance use add to the risk.

Asking directly about suicide does **not** put the idea into someone’s head. For many people it is a relief to be asked. Use clear, calm words, agreed beforehand with the interpreter, for example: “Sometimes, when people feel like this, they think about ending their life. Have you had thoughts like that?”

If the answer is yes, go on to ask how often the thoughts come, whether there is a plan, whether the person has the means, whether they have acted on such thoughts before and what holds them back. Watch also for warning signs such as talking about being a burden, giving belongings away, saying goodbye, or a sudden calm after a period of agitation.

If the risk seems high, **do not leave the person alone**, remove access to means where possible, and involve mental-health or emergency services at once, following your service’s procedures.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Chiedere del suicidio

Rifugiati e richiedenti asilo possono essere esposti a un rischio maggiore di pensieri suicidari, soprattutto nei momenti di stress acuto: un diniego della domanda d’asilo, notizie di violenze subite dai familiari, un trasferimento, il trattenimento o la minaccia di espulsione. Depressione, PTSD, isolamento, precedenti atti autolesivi e uso di sostanze aumentano il rischio.

Chiedere direttamente del suicidio **non** mette l’idea in testa a nessuno. Per molte persone è un sollievo che qualcuno lo chieda. Usate parole chiare e calme, concordate prima con l’interprete, per esempio: «A volte, quando ci si sente così, si pensa di farla finita. Le è capitato di avere pensieri di questo tipo?»

Se la risposta è sì, continuate chiedendo con che frequenza arrivano i pensieri, se c’è un piano, se la persona ha i mezzi, se in passato ha già agito e che cosa la trattiene. Fate attenzione anche ai segnali d’allarme, come dire di essere un peso, regalare i propri oggetti, salutare come per un addio o una calma improvvisa dopo un periodo di agitazione.

Se il rischio sembra elevato, **non lasciate sola la persona**, allontanate per quanto possibile i mezzi e coinvolgete subito i servizi di salute mentale o di emergenza, secondo le procedure del vostro servizio.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### When and how to refer

Refer for a **specialist mental-health assessment** when distress is severe, lasts or gets worse, when daily life is seriously affected, when you notice signs of psychosis, or whenever there is a risk to the person or to others. Urgent situations, such as a high risk of suicide or acute confusion, need an emergency response the same day.

How you refer matters as much as when:

- **Explain** why you are suggesting a referral, in words that make sense to the person, and ask for their consent.
- **Share** the relevant information with the receiving service, with the person’s agreement, so that they do not have to tell their story all over again.
- **Plan for language**: tell the service that a professional interpreter is needed, and for which language.
- **Make it concrete**: an appointment, an address, transport, and someone to go along if that helps.
- **Follow up**: check whether the person went and how it went. A referral that leads nowhere can feel like being passed on.

Keep your own role, too: general care, practical support and a familiar face remain valuable alongside specialist treatment.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Quando e come inviare

Inviate a una **valutazione specialistica di salute mentale** quando la sofferenza è grave, persiste o peggiora, quando la vita quotidiana ne è seriamente compromessa, quando notate segni di psicosi o ogni volta che c’è un rischio per la persona o per altri. Le situazioni urgenti, come un rischio suicidario elevato o uno stato confusionale acuto, richiedono una risposta di emergenza in giornata.

Come si invia conta quanto il quando:

- **Spiegate** perché proponete l’invio, con parole che abbiano senso per la persona, e chiedete il suo consenso.
- **Condividete** le informazioni rilevanti con il servizio che la accoglierà, con l’accordo della persona, così che non debba raccontare tutto da capo.
- **Pensate alla lingua**: segnalate al servizio che serve un interprete professionale, e per quale lingua.
- **Rendete l’invio concreto**: un appuntamento, un indirizzo, il trasporto e, se utile, qualcuno che la accompagni.
- **Verificate**: controllate se la persona ci è andata e com’è andata. Un invio che non porta a nulla può essere vissuto come un rimpallo.

Mantenete anche il vostro ruolo: l’assistenza generale, il sostegno pratico e un volto conosciuto restano preziosi accanto al trattamento specialistico.`,
                },
              },
            },
            {
              data: { correct: [1] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'During a consultation a young man says that sometimes he thinks it would be better not to wake up. What should you do first?',
                  options: [
                    { text: 'Change the subject, so as not to put ideas into his head.', feedback: 'Asking about suicide does not increase the risk; avoiding the subject leaves the risk unassessed.' },
                    { text: 'Ask him calmly and directly whether he has thoughts of ending his life and, if so, whether he has a plan or the means.', feedback: 'Right. Calm, direct questions are how you understand the level of risk and decide on the next steps.' },
                    { text: 'Tell him that such thoughts are a sin or a weakness and that he must be strong.', feedback: 'Moral judgements increase shame and isolation and make it less likely that he will speak openly.' },
                    { text: 'Give him a leaflet with a helpline number and end the consultation.', feedback: 'Information can help, but only after the risk has been assessed and a safety plan agreed with him.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Durante una visita un giovane dice che a volte pensa che sarebbe meglio non svegliarsi più. Che cosa dovreste fare per prima cosa?',
                  options: [
                    { text: 'Cambiare argomento, per non mettergli idee in testa.', feedback: 'Chiedere del suicidio non aumenta il rischio; evitare l’argomento significa lasciare il rischio senza valutazione.' },
                    { text: 'Chiedergli con calma e in modo diretto se ha pensieri di togliersi la vita e, in caso affermativo, se ha un piano o i mezzi.', feedback: 'Esatto. Domande calme e dirette sono il modo per capire il livello di rischio e decidere i passi successivi.' },
                    { text: 'Dirgli che questi pensieri sono un peccato o una debolezza e che deve essere forte.', feedback: 'I giudizi morali aumentano vergogna e isolamento e rendono meno probabile che parli apertamente.' },
                    { text: 'Dargli un opuscolo con il numero di una linea di ascolto e concludere la visita.', feedback: 'Le informazioni possono essere utili, ma solo dopo aver valutato il rischio e concordato con lui un piano di sicurezza.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  ],
  questions: [
    {
      competence: 'reactions-and-disorders',
      correct: 2,
      texts: {
        en: {
          stem: 'Which of these most clearly suggests that a reaction to adversity may have become a mental disorder?',
          options: [
            'Sadness on the anniversary of a loss.',
            'Difficulty sleeping in the first week after arrival.',
            'Symptoms that have lasted for months and prevent the person from caring for their children.',
            'Worry about the outcome of an asylum interview.',
          ],
          feedback: [
            'Sadness on an anniversary is a common and understandable reaction.',
            'Sleep problems soon after arrival are common and often ease.',
            'Correct. Duration, severity and impact on daily life are the key signs that a specialist assessment is needed.',
            'Worry about an important decision is understandable and does not on its own indicate a disorder.',
          ],
        },
        it: {
          stem: 'Quale di questi elementi fa pensare più chiaramente che una reazione alle avversità sia diventata un disturbo mentale?',
          options: [
            'La tristezza nell’anniversario di un lutto.',
            'La difficoltà a dormire nella prima settimana dopo l’arrivo.',
            'Sintomi che durano da mesi e impediscono alla persona di occuparsi dei figli.',
            'La preoccupazione per l’esito dell’audizione per l’asilo.',
          ],
          feedback: [
            'La tristezza in un anniversario è una reazione comune e comprensibile.',
            'I disturbi del sonno subito dopo l’arrivo sono frequenti e spesso si attenuano.',
            'Esatto. Durata, gravità e impatto sulla vita quotidiana sono i segnali chiave della necessità di una valutazione specialistica.',
            'Preoccuparsi per una decisione importante è comprensibile e da solo non indica un disturbo.',
          ],
        },
      },
    },
    {
      competence: 'reactions-and-disorders',
      correct: 0,
      texts: {
        en: {
          stem: 'What helps most people recover from distress after traumatic events?',
          options: [
            'Safety, basic needs met, supportive relationships and a sense of control over daily life.',
            'Recounting every detail of the events as soon as possible.',
            'Medication started in the first days after arrival.',
            'Avoiding any contact with people from their own country.',
          ],
          feedback: [
            'Correct. These conditions support natural recovery, which is what happens for most people.',
            'Pressing people to recount events early is not recommended and can increase distress.',
            'Medication may have a place for some people after an assessment, but it is not what most people need.',
            'Contact with one’s own community is often a resource, not a risk.',
          ],
        },
        it: {
          stem: 'Che cosa aiuta la maggior parte delle persone a riprendersi dalla sofferenza dopo eventi traumatici?',
          options: [
            'Sicurezza, bisogni di base soddisfatti, relazioni di sostegno e un senso di controllo sulla vita quotidiana.',
            'Raccontare ogni dettaglio degli eventi il prima possibile.',
            'Farmaci iniziati nei primi giorni dopo l’arrivo.',
            'Evitare qualsiasi contatto con persone del proprio paese.',
          ],
          feedback: [
            'Esatto. Queste condizioni favoriscono la ripresa spontanea, che è ciò che accade alla maggior parte delle persone.',
            'Spingere a raccontare presto gli eventi non è raccomandato e può aumentare la sofferenza.',
            'I farmaci possono essere indicati per alcune persone dopo una valutazione, ma non sono ciò di cui ha bisogno la maggioranza.',
            'Il contatto con la propria comunità è spesso una risorsa, non un rischio.',
          ],
        },
      },
    },
    {
      competence: 'reactions-and-disorders',
      correct: 3,
      texts: {
        en: {
          stem: 'What is the role of a screening questionnaire in work with refugees?',
          options: [
            'It gives a diagnosis that can be used in the asylum procedure.',
            'It replaces the clinical interview when no interpreter is available.',
            'It is useful only for people who read and write well.',
            'It helps identify who may need a fuller assessment, but it does not make a diagnosis.',
          ],
          feedback: [
            'A screening score is not a diagnosis and should not be presented as one.',
            'Screening tools do not replace a clinical conversation, and language still needs to be addressed.',
            'Many tools can be read aloud or used with an interpreter, although format and validation matter.',
            'Correct. Screening shows who needs more attention; a diagnosis requires a proper assessment.',
          ],
        },
        it: {
          stem: 'Qual è il ruolo di un questionario di screening nel lavoro con i rifugiati?',
          options: [
            'Fornisce una diagnosi utilizzabile nella procedura d’asilo.',
            'Sostituisce il colloquio clinico quando non c’è un interprete.',
            'È utile solo per chi sa leggere e scrivere bene.',
            'Aiuta a individuare chi può aver bisogno di una valutazione più approfondita, ma non fa diagnosi.',
          ],
          feedback: [
            'Un punteggio di screening non è una diagnosi e non va presentato come tale.',
            'Gli strumenti di screening non sostituiscono il colloquio clinico, e la questione della lingua va comunque affrontata.',
            'Molti strumenti possono essere letti ad alta voce o somministrati con un interprete, anche se formato e validazione contano.',
            'Esatto. Lo screening segnala chi ha bisogno di maggiore attenzione; la diagnosi richiede una valutazione vera e propria.',
          ],
        },
      },
    },
    {
      competence: 'trauma-related-symptoms',
      correct: 1,
      texts: {
        en: {
          stem: 'A patient describes vivid memories of past events that come back suddenly, as if they were happening again. Which feature of PTSD is this?',
          options: ['Avoidance.', 'Re-experiencing.', 'Hyperarousal.', 'Emotional numbness.'],
          feedback: [
            'Avoidance means keeping away from reminders of the event.',
            'Correct. Intrusive memories, nightmares and flashbacks are forms of re-experiencing.',
            'Hyperarousal means being on guard, startling easily and being unable to sleep.',
            'Numbness is a reduced ability to feel emotions, not the return of memories.',
          ],
        },
        it: {
          stem: 'Un paziente descrive ricordi vividi di eventi passati che ritornano all’improvviso, come se stessero accadendo di nuovo. Di quale caratteristica del PTSD si tratta?',
          options: ['Evitamento.', 'Rivivere l’evento (risperimentazione).', 'Iperattivazione.', 'Intorpidimento emotivo.'],
          feedback: [
            'L’evitamento consiste nello stare lontani da ciò che ricorda l’evento.',
            'Esatto. Ricordi intrusivi, incubi e flashback sono forme di risperimentazione dell’evento.',
            'L’iperattivazione consiste nello stare all’erta, spaventarsi facilmente e non riuscire a dormire.',
            'L’intorpidimento è una ridotta capacità di provare emozioni, non il ritorno dei ricordi.',
          ],
        },
      },
    },
    {
      competence: 'trauma-related-symptoms',
      correct: 3,
      texts: {
        en: {
          stem: 'Which presentation should make you think of depression in a refugee patient?',
          options: [
            'A sudden high fever with a cough.',
            'Worry that eases as soon as the asylum interview is over.',
            'Occasional headaches after long working days.',
            'Weeks of exhaustion, poor sleep, loss of interest and a feeling that nothing will ever get better.',
          ],
          feedback: [
            'This suggests an infection, which needs a medical assessment.',
            'Worry that resolves with the stressor is an understandable reaction rather than depression.',
            'Occasional headaches after effort are common and are not on their own a sign of depression.',
            'Correct. Persistent tiredness, poor sleep, loss of interest and hopelessness are typical signs of depression, often expressed through the body.',
          ],
        },
        it: {
          stem: 'Quale quadro dovrebbe farvi pensare a una depressione in un paziente rifugiato?',
          options: [
            'Febbre alta improvvisa con tosse.',
            'Una preoccupazione che si attenua appena conclusa l’audizione per l’asilo.',
            'Mal di testa occasionali dopo lunghe giornate di lavoro.',
            'Settimane di spossatezza, sonno disturbato, perdita di interesse e la sensazione che nulla potrà mai migliorare.',
          ],
          feedback: [
            'Fa pensare a un’infezione, che richiede una valutazione medica.',
            'Una preoccupazione che si risolve con la fine dell’evento stressante è una reazione comprensibile, non una depressione.',
            'I mal di testa occasionali dopo uno sforzo sono comuni e da soli non indicano una depressione.',
            'Esatto. Stanchezza persistente, sonno disturbato, perdita di interesse e disperazione sono segni tipici di depressione, spesso espressi attraverso il corpo.',
          ],
        },
      },
    },
    {
      competence: 'trauma-related-symptoms',
      correct: 0,
      texts: {
        en: {
          stem: 'Why is it important to ask about sleep, mood and worries when a refugee presents with unexplained physical symptoms?',
          options: [
            'Because psychological distress is often expressed through bodily complaints.',
            'Because physical symptoms in refugees are always psychological.',
            'Because it means a physical examination can be skipped.',
            'Because questions about mood are required by asylum law.',
          ],
          feedback: [
            'Correct. Bodily complaints are a frequent way of expressing distress, and asking about mood helps you not to miss depression, anxiety or PTSD.',
            'Physical symptoms can have physical causes and always deserve a proper medical assessment.',
            'A physical examination is still necessary; the two go together.',
            'This is a matter of good clinical practice, not of asylum law.',
          ],
        },
        it: {
          stem: 'Perché è importante chiedere di sonno, umore e preoccupazioni quando un rifugiato presenta sintomi fisici senza spiegazione?',
          options: [
            'Perché la sofferenza psicologica si esprime spesso attraverso disturbi fisici.',
            'Perché nei rifugiati i sintomi fisici sono sempre di origine psicologica.',
            'Perché così si può evitare l’esame obiettivo.',
            'Perché le domande sull’umore sono imposte dalla normativa sull’asilo.',
          ],
          feedback: [
            'Esatto. I disturbi fisici sono un modo frequente di esprimere la sofferenza, e chiedere dell’umore aiuta a non perdere di vista depressione, ansia o PTSD.',
            'I sintomi fisici possono avere cause fisiche e meritano sempre un’accurata valutazione medica.',
            'L’esame obiettivo resta necessario; le due cose vanno insieme.',
            'È una questione di buona pratica clinica, non di normativa sull’asilo.',
          ],
        },
      },
    },
    {
      competence: 'suicide-risk',
      correct: 0,
      texts: {
        en: {
          stem: 'What is the effect of asking a person directly whether they are thinking about suicide?',
          options: [
            'It lets you assess the risk and is often a relief for the person; it does not increase the risk.',
            'It increases the risk by putting the idea into their head.',
            'It should be avoided unless the person raises the subject first.',
            'It is appropriate only for psychiatrists.',
          ],
          feedback: [
            'Correct. Direct questions do not increase the risk and open the way to help.',
            'This is a common myth; asking about suicide does not increase the risk.',
            'Many people will not raise the subject themselves; waiting means missing the risk.',
            'Every health professional can and should ask, and then involve specialists when needed.',
          ],
        },
        it: {
          stem: 'Che effetto ha chiedere direttamente a una persona se sta pensando al suicidio?',
          options: [
            'Permette di valutare il rischio ed è spesso un sollievo per la persona; non aumenta il rischio.',
            'Aumenta il rischio perché le mette l’idea in testa.',
            'Va evitato, a meno che la persona non sollevi l’argomento per prima.',
            'È appropriato solo per gli psichiatri.',
          ],
          feedback: [
            'Esatto. Le domande dirette non aumentano il rischio e aprono la strada all’aiuto.',
            'È un mito diffuso: chiedere del suicidio non aumenta il rischio.',
            'Molte persone non sollevano l’argomento da sole; aspettare significa non vedere il rischio.',
            'Ogni professionista sanitario può e deve chiedere, coinvolgendo poi gli specialisti quando serve.',
          ],
        },
      },
    },
    {
      competence: 'suicide-risk',
      correct: 2,
      texts: {
        en: {
          stem: 'Which situation is a time of particularly high suicide risk for an asylum seeker?',
          options: [
            'The first week of a language course.',
            'A visit from a relative who lives in the same city.',
            'Receiving a negative decision on the asylum claim.',
            'Starting a volunteer activity in the community.',
          ],
          feedback: [
            'Starting a course is not usually a time of increased risk.',
            'Contact with family is usually protective.',
            'Correct. A negative decision, like detention or the threat of removal, is a recognised time of increased risk that calls for extra attention.',
            'Meaningful activity is usually protective.',
          ],
        },
        it: {
          stem: 'Quale situazione rappresenta per un richiedente asilo un momento di rischio suicidario particolarmente elevato?',
          options: [
            'La prima settimana di un corso di lingua.',
            'La visita di un parente che vive nella stessa città.',
            'La notifica del diniego della domanda d’asilo.',
            'L’inizio di un’attività di volontariato nel territorio.',
          ],
          feedback: [
            'L’inizio di un corso di solito non è un momento di rischio aumentato.',
            'Il contatto con la famiglia di solito protegge.',
            'Esatto. Un diniego, come il trattenimento o la minaccia di espulsione, è un momento riconosciuto di rischio aumentato che richiede un’attenzione in più.',
            'Un’attività che dà senso alle giornate di solito protegge.',
          ],
        },
      },
    },
    {
      competence: 'suicide-risk',
      correct: 1,
      texts: {
        en: {
          stem: 'A man tells you he plans to end his life tonight and has the means at home. What should you do?',
          options: [
            'Give him an appointment with a psychologist for next week.',
            'Stay with him and involve mental-health or emergency services at once, following your service’s procedures.',
            'Ask him to promise not to harm himself and let him go home.',
            'Call his reception centre tomorrow morning to let the staff know.',
          ],
          feedback: [
            'A plan and the means indicate a high risk; an appointment next week is not safe.',
            'Correct. A high risk calls for an immediate response: do not leave him alone and involve urgent help.',
            'Promises of this kind do not guarantee safety and cannot replace an urgent assessment.',
            'Waiting until tomorrow leaves him without protection at the moment of highest risk.',
          ],
        },
        it: {
          stem: 'Un uomo vi dice di aver deciso di togliersi la vita stanotte e di avere i mezzi a casa. Che cosa dovete fare?',
          options: [
            'Fissargli un appuntamento con uno psicologo per la settimana prossima.',
            'Restare con lui e coinvolgere subito i servizi di salute mentale o di emergenza, secondo le procedure del vostro servizio.',
            'Chiedergli di promettere che non si farà del male e lasciarlo tornare a casa.',
            'Chiamare domani mattina il suo centro di accoglienza per avvisare gli operatori.',
          ],
          feedback: [
            'Un piano e la disponibilità dei mezzi indicano un rischio elevato; un appuntamento la settimana prossima non è sicuro.',
            'Esatto. Un rischio elevato richiede una risposta immediata: non lasciatelo solo e attivate un aiuto urgente.',
            'Promesse di questo tipo non garantiscono la sicurezza e non sostituiscono una valutazione urgente.',
            'Aspettare domani lo lascia senza protezione proprio nel momento di massimo rischio.',
          ],
        },
      },
    },
    {
      competence: 'first-contact-and-referral',
      correct: 3,
      texts: {
        en: {
          stem: 'What is the main aim of psychological first aid?',
          options: [
            'To diagnose trauma-related disorders early.',
            'To help people process their traumatic memories in a single session.',
            'To gather evidence for the asylum procedure.',
            'To offer humane, practical support that reduces distress and links people to help.',
          ],
          feedback: [
            'Psychological first aid is not a diagnostic tool.',
            'It does not involve working through traumatic memories, and it should not press for details.',
            'It is not about gathering evidence but about the person’s immediate well-being.',
            'Correct. Psychological first aid focuses on safety, calm, needs and connection with support and services.',
          ],
        },
        it: {
          stem: 'Qual è lo scopo principale del primo soccorso psicologico?',
          options: [
            'Diagnosticare precocemente i disturbi legati al trauma.',
            'Aiutare le persone a elaborare i ricordi traumatici in un solo incontro.',
            'Raccogliere elementi di prova per la procedura d’asilo.',
            'Offrire un sostegno umano e pratico che riduca la sofferenza e colleghi le persone all’aiuto.',
          ],
          feedback: [
            'Il primo soccorso psicologico non è uno strumento diagnostico.',
            'Non prevede l’elaborazione dei ricordi traumatici e non deve spingere a raccontare i dettagli.',
            'Non serve a raccogliere prove, ma al benessere immediato della persona.',
            'Esatto. Il primo soccorso psicologico si concentra su sicurezza, calma, bisogni e collegamento con sostegni e servizi.',
          ],
        },
      },
    },
    {
      competence: 'first-contact-and-referral',
      correct: 1,
      texts: {
        en: {
          stem: 'Which practice makes a referral to mental-health services more likely to succeed?',
          options: [
            'Giving the person the name of the service and letting them find it.',
            'Explaining the reason for the referral, sharing relevant information with consent, booking an interpreter and following up.',
            'Sending the person without telling them why, so as not to alarm them.',
            'Making the referral only once the asylum procedure is over.',
          ],
          feedback: [
            'Without concrete help, many referrals never lead to a first appointment.',
            'Correct. A clear explanation, consent, language support and follow-up turn a referral into real access to care.',
            'People have the right to understand and agree; unexplained referrals damage trust.',
            'Care should not wait for the end of legal procedures, which can take a long time.',
          ],
        },
        it: {
          stem: 'Quale pratica rende più probabile che un invio ai servizi di salute mentale vada a buon fine?',
          options: [
            'Dare alla persona il nome del servizio e lasciare che lo trovi da sola.',
            'Spiegare il motivo dell’invio, condividere con il consenso le informazioni rilevanti, prenotare un interprete e verificare com’è andata.',
            'Inviare la persona senza dirle il perché, per non allarmarla.',
            'Fare l’invio solo a procedura d’asilo conclusa.',
          ],
          feedback: [
            'Senza un aiuto concreto, molti invii non arrivano mai a un primo appuntamento.',
            'Esatto. Spiegazioni chiare, consenso, supporto linguistico e verifica trasformano un invio in un accesso reale alle cure.',
            'Le persone hanno diritto di capire e di acconsentire; un invio non spiegato danneggia la fiducia.',
            'Le cure non devono aspettare la fine delle procedure legali, che possono durare a lungo.',
          ],
        },
      },
    },
    {
      competence: 'first-contact-and-referral',
      correct: 2,
      texts: {
        en: {
          stem: 'Which of these situations calls for an emergency mental-health response the same day?',
          options: [
            'A person who feels homesick and sad in the evenings.',
            'A person who has slept poorly for two weeks after moving to a new centre.',
            'A person who is acutely confused, does not recognise where they are and speaks of voices telling them to hurt themselves.',
            'A person who would like to talk to a psychologist about their family’s situation.',
          ],
          feedback: [
            'Homesickness and sadness deserve attention but are not an emergency.',
            'Sleep problems after a move should be followed up, but do not usually need an emergency response.',
            'Correct. Acute confusion and voices urging self-harm indicate a serious risk that needs an urgent assessment.',
            'This is a welcome request for a routine appointment, not an emergency.',
          ],
        },
        it: {
          stem: 'Quale di queste situazioni richiede una risposta di emergenza in salute mentale in giornata?',
          options: [
            'Una persona che la sera sente nostalgia di casa ed è triste.',
            'Una persona che dorme male da due settimane, dopo il trasferimento in un nuovo centro.',
            'Una persona in stato confusionale acuto, che non riconosce dove si trova e parla di voci che le dicono di farsi del male.',
            'Una persona che vorrebbe parlare con uno psicologo della situazione della sua famiglia.',
          ],
          feedback: [
            'Nostalgia e tristezza meritano attenzione, ma non sono un’emergenza.',
            'I disturbi del sonno dopo un trasferimento vanno seguiti, ma di solito non richiedono una risposta di emergenza.',
            'Esatto. Uno stato confusionale acuto e voci che spingono a farsi del male indicano un rischio grave che richiede una valutazione urgente.',
            'È una richiesta da accogliere con un appuntamento ordinario, non un’emergenza.',
          ],
        },
      },
    },
  ],
};

/* ------------------------------------------------------------------------------------------------------------
 * 3. Transcultural assessment and treatment (specialised: psychologists and psychiatrists)
 * ---------------------------------------------------------------------------------------------------------- */

const transculturalAssessmentAndTreatment: DemoCourse = {
  slug: 'transcultural-assessment-and-treatment',
  sourceLocale: 'en',
  level: 'specialised',
  topics: ['culture-and-mental-health', 'trauma-and-distress', 'communication-and-interpreting'],
  durationMinutes: 120,
  professions: ['psychologist', 'psychiatrist'],
  credits: [
    { profession: 'psychologist', scheme: 'ecm', amount: 3 },
    { profession: 'psychiatrist', scheme: 'ecm', amount: 3 },
    { profession: 'psychiatrist', scheme: 'cme', amount: 2 },
    { profession: 'psychologist', scheme: 'cpd', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cpd', amount: 2 },
  ],
  prerequisites: ['recognising-distress-and-trauma'],
  texts: {
    en: {
      title: 'Transcultural assessment and treatment',
      summary: 'For psychologists and psychiatrists: assessing mental health across cultures, working with interpreters in therapy, choosing trauma-focused interventions and approaching medico-legal certification with care.',
      outcomes: [
        'Use a cultural formulation approach to understand a person’s problem in their own terms.',
        'Recognise the main sources of diagnostic error in transcultural assessment.',
        'Plan and conduct therapy sessions with a professional interpreter.',
        'Outline a phased treatment plan that includes evidence-based trauma-focused interventions.',
        'Describe the purpose, ethics and limits of medico-legal certification in asylum procedures.',
      ],
      description: `Psychologists and psychiatrists who work with migrants and refugees face specific questions. How can you tell whether an unusual belief is a symptom or a shared cultural understanding? How do you build a therapeutic relationship through an interpreter? When is the right time for trauma-focused work, and what can you do while a person’s life is still unstable? What is your role when a report is requested for an asylum procedure?

This specialised module builds on *Recognising distress and trauma*. It offers a framework for culturally informed assessment, practical guidance for therapy with interpreters, an overview of evidence-based approaches and the ethical principles that should guide certification. It does not replace clinical training or supervision in any specific method.`,
    },
    it: {
      title: 'Valutazione e trattamento in ottica transculturale',
      summary: 'Per psicologi e psichiatri: valutare la salute mentale tra culture diverse, lavorare con gli interpreti in psicoterapia, scegliere gli interventi focalizzati sul trauma e affrontare con cautela la certificazione medico-legale.',
      outcomes: [
        'Utilizzare un approccio di formulazione culturale per comprendere il problema della persona nei suoi stessi termini.',
        'Riconoscere le principali fonti di errore diagnostico nella valutazione transculturale.',
        'Pianificare e condurre sedute di psicoterapia con un interprete professionale.',
        'Delineare un piano di trattamento per fasi che comprenda interventi focalizzati sul trauma basati sulle evidenze.',
        'Descrivere scopo, principi etici e limiti della certificazione medico-legale nelle procedure d’asilo.',
      ],
      description: `Psicologi e psichiatri che lavorano con migranti e rifugiati si trovano davanti a domande specifiche. Come capire se una convinzione insolita è un sintomo o una lettura culturale condivisa? Come costruire una relazione terapeutica attraverso un interprete? Qual è il momento giusto per un lavoro focalizzato sul trauma, e che cosa si può fare mentre la vita della persona è ancora instabile? Qual è il proprio ruolo quando viene richiesta una relazione per la procedura d’asilo?

Questo modulo specialistico si basa sul corso *Riconoscere la sofferenza psicologica e il trauma*. Offre un quadro di riferimento per una valutazione culturalmente informata, indicazioni pratiche per la psicoterapia con gli interpreti, una panoramica degli approcci basati sulle evidenze e i principi etici che devono orientare la certificazione. Non sostituisce la formazione clinica né la supervisione in un metodo specifico.`,
    },
    de: {
      title: 'Transkulturelle Diagnostik und Behandlung',
      summary: 'Für Psychologinnen, Psychologen, Psychiaterinnen und Psychiater: psychische Gesundheit kulturübergreifend einschätzen, in der Therapie mit Dolmetschenden arbeiten, traumafokussierte Interventionen auswählen und mit der medizinisch-rechtlichen Begutachtung sorgfältig umgehen.',
      outcomes: [
        'Mit einem Ansatz der kulturellen Formulierung das Problem einer Person in ihren eigenen Begriffen verstehen.',
        'Die wichtigsten Quellen diagnostischer Fehler in der transkulturellen Diagnostik erkennen.',
        'Therapiesitzungen mit einer professionellen Dolmetscherin oder einem professionellen Dolmetscher planen und durchführen.',
        'Einen phasenorientierten Behandlungsplan mit evidenzbasierten traumafokussierten Interventionen skizzieren.',
        'Zweck, Ethik und Grenzen der medizinisch-rechtlichen Begutachtung in Asylverfahren beschreiben.',
      ],
      description: `Psychologinnen, Psychologen, Psychiaterinnen und Psychiater, die mit Migrantinnen, Migranten und Geflüchteten arbeiten, stehen vor besonderen Fragen. Woran erkennt man, ob eine ungewöhnliche Überzeugung ein Symptom oder eine kulturell geteilte Deutung ist? Wie entsteht eine therapeutische Beziehung über eine dolmetschende Person hinweg? Wann ist der richtige Zeitpunkt für traumafokussierte Arbeit, und was lässt sich tun, solange das Leben eines Menschen noch unsicher ist? Welche Rolle hat man, wenn ein Gutachten für ein Asylverfahren angefragt wird?

Dieses spezialisierte Modul baut auf dem Kurs *Psychische Belastung und Trauma erkennen* auf. Es bietet einen Rahmen für eine kultursensible Diagnostik, praktische Hinweise für die Therapie mit Dolmetschenden, einen Überblick über evidenzbasierte Ansätze und die ethischen Grundsätze, die eine Begutachtung leiten sollten. Es ersetzt weder eine klinische Ausbildung noch Supervision in einem bestimmten Verfahren.`,
    },
    es: {
      title: 'Evaluación y tratamiento transcultural',
      summary: 'Para psicólogos y psiquiatras: evaluar la salud mental entre culturas, trabajar con intérpretes en terapia, elegir intervenciones centradas en el trauma y abordar con cuidado la certificación médico-legal.',
      outcomes: [
        'Utilizar un enfoque de formulación cultural para comprender el problema de una persona en sus propios términos.',
        'Reconocer las principales fuentes de error diagnóstico en la evaluación transcultural.',
        'Planificar y llevar a cabo sesiones de terapia con un intérprete profesional.',
        'Esbozar un plan de tratamiento por fases que incluya intervenciones centradas en el trauma basadas en la evidencia.',
        'Describir la finalidad, la ética y los límites de la certificación médico-legal en los procedimientos de asilo.',
      ],
      description: `Los psicólogos y psiquiatras que trabajan con personas migrantes y refugiadas se enfrentan a preguntas específicas. ¿Cómo saber si una creencia inusual es un síntoma o una interpretación cultural compartida? ¿Cómo se construye una relación terapéutica a través de un intérprete? ¿Cuándo es el momento adecuado para un trabajo centrado en el trauma, y qué se puede hacer mientras la vida de la persona sigue siendo inestable? ¿Cuál es el propio papel cuando se solicita un informe para un procedimiento de asilo?

Este módulo especializado se apoya en el curso *Reconocer el malestar psicológico y el trauma*. Ofrece un marco para una evaluación culturalmente informada, orientaciones prácticas para la terapia con intérpretes, una visión general de los enfoques basados en la evidencia y los principios éticos que deben guiar la certificación. No sustituye la formación clínica ni la supervisión en ningún método concreto.`,
    },
    el: {
      title: 'Διαπολιτισμική αξιολόγηση και θεραπεία',
      summary: 'Για ψυχολόγους και ψυχιάτρους: αξιολόγηση της ψυχικής υγείας σε διαπολιτισμικό πλαίσιο, συνεργασία με διερμηνείς στη θεραπεία, επιλογή παρεμβάσεων εστιασμένων στο τραύμα και προσεκτική προσέγγιση της ιατροδικαστικής πιστοποίησης.',
      outcomes: [
        'Χρησιμοποιείτε την προσέγγιση της πολιτισμικής διατύπωσης για να κατανοείτε το πρόβλημα ενός ατόμου με τους δικούς του όρους.',
        'Αναγνωρίζετε τις κύριες πηγές διαγνωστικού σφάλματος στη διαπολιτισμική αξιολόγηση.',
        'Σχεδιάζετε και διεξάγετε θεραπευτικές συνεδρίες με επαγγελματία διερμηνέα.',
        'Σκιαγραφείτε ένα σταδιακό θεραπευτικό σχέδιο που περιλαμβάνει τεκμηριωμένες παρεμβάσεις εστιασμένες στο τραύμα.',
        'Περιγράφετε τον σκοπό, τη δεοντολογία και τα όρια της ιατροδικαστικής πιστοποίησης στις διαδικασίες ασύλου.',
      ],
      description: `Οι ψυχολόγοι και οι ψυχίατροι που εργάζονται με μετανάστες και πρόσφυγες αντιμετωπίζουν ιδιαίτερα ερωτήματα. Πώς καταλαβαίνετε αν μια ασυνήθιστη πεποίθηση είναι σύμπτωμα ή μια πολιτισμικά κοινή ερμηνεία; Πώς χτίζεται θεραπευτική σχέση μέσω διερμηνέα; Πότε είναι η κατάλληλη στιγμή για δουλειά εστιασμένη στο τραύμα, και τι μπορείτε να κάνετε όσο η ζωή του ανθρώπου παραμένει ασταθής; Ποιος είναι ο ρόλος σας όταν ζητείται έκθεση για μια διαδικασία ασύλου;

Αυτή η εξειδικευμένη ενότητα βασίζεται στο μάθημα *Αναγνώριση της ψυχικής δυσφορίας και του τραύματος*. Προσφέρει ένα πλαίσιο για πολιτισμικά ενημερωμένη αξιολόγηση, πρακτικές οδηγίες για τη θεραπεία με διερμηνείς, μια επισκόπηση των τεκμηριωμένων προσεγγίσεων και τις δεοντολογικές αρχές που πρέπει να καθοδηγούν την πιστοποίηση. Δεν αντικαθιστά την κλινική εκπαίδευση ούτε την εποπτεία σε κάποια συγκεκριμένη μέθοδο.`,
    },
  },
  modules: [
    {
      texts: {
        en: { title: 'Transcultural assessment' },
        it: { title: 'La valutazione transculturale' },
        de: { title: 'Transkulturelle Diagnostik' },
        es: { title: 'La evaluación transcultural' },
        el: { title: 'Διαπολιτισμική αξιολόγηση' },
      },
      lessons: [
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Cultural formulation in assessment' },
            it: { title: 'La formulazione culturale nella valutazione' },
            de: { title: 'Kulturelle Formulierung in der Diagnostik' },
            es: { title: 'La formulación cultural en la evaluación' },
            el: { title: 'Η πολιτισμική διατύπωση στην αξιολόγηση' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `A diagnostic interview is always a meeting between two sets of assumptions: the clinician’s and the person’s. In transcultural work, making them explicit is part of good assessment, not an optional extra.

**Cultural formulation** is an approach that systematically explores how culture shapes a person’s problem and their experience of care. The DSM-5 includes a **Cultural Formulation Interview** (CFI), a short, semi-structured set of open questions that can be used with anyone, not only with migrants. In general terms, it invites the person to describe:

- **the problem in their own words**: what brings them, and how they and the people around them describe it;
- **perceived causes**: why they think it is happening;
- **context**: stresses and supports, and the aspects of their background or identity that matter most to them;
- **coping and help-seeking**: what they have already tried, what helped and what got in the way;
- **expectations**: what kind of help they hope for now, and any concerns about the relationship with the clinician.

The CFI does not produce a score or a diagnosis. It produces understanding, which makes the diagnosis more accurate and the treatment plan more acceptable.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Un colloquio diagnostico è sempre l’incontro tra due insiemi di presupposti: quelli del clinico e quelli della persona. Nel lavoro transculturale, renderli espliciti fa parte di una buona valutazione, non è un di più facoltativo.

La **formulazione culturale** esplora in modo sistematico come la cultura dia forma al problema della persona e alla sua esperienza della cura. Il DSM-5 comprende un’**Intervista per la formulazione culturale** (*Cultural Formulation Interview*, CFI): un breve insieme semi-strutturato di domande aperte, utilizzabile con chiunque e non solo con i migranti. In sintesi, invita la persona a descrivere:

- **il problema con le sue parole**: che cosa la porta qui e come lo descrivono lei e chi le sta intorno;
- **le cause percepite**: perché pensa che stia accadendo;
- **il contesto**: fonti di stress e di sostegno, e gli aspetti della sua storia o identità che contano di più per lei;
- **le strategie e la ricerca di aiuto**: che cosa ha già provato, che cosa ha aiutato e che cosa ha ostacolato;
- **le aspettative**: che tipo di aiuto spera di ricevere ora, ed eventuali timori sulla relazione con il clinico.

La CFI non produce un punteggio né una diagnosi. Produce comprensione, che rende la diagnosi più accurata e il piano di trattamento più accettabile.`,
                },
                de: {
                  kind: 'text',
                  markdown: `Ein diagnostisches Gespräch ist immer die Begegnung zweier Sätze von Vorannahmen: denen der Fachperson und denen der Person, die Hilfe sucht. In der transkulturellen Arbeit gehört es zu einer guten Diagnostik, diese Annahmen sichtbar zu machen – es ist kein freiwilliges Extra.

Die **kulturelle Formulierung** ist ein Ansatz, der systematisch erkundet, wie Kultur das Problem einer Person und ihre Erfahrung mit der Versorgung prägt. Das DSM-5 enthält dafür das **Cultural Formulation Interview** (CFI), eine kurze, halbstrukturierte Reihe offener Fragen, die bei allen Menschen eingesetzt werden kann, nicht nur bei Migrantinnen und Migranten. Allgemein gesagt lädt es die Person ein, Folgendes zu beschreiben:

- **das Problem in ihren eigenen Worten**: was sie herführt und wie sie selbst und ihr Umfeld es benennen;
- **vermutete Ursachen**: warum es ihrer Meinung nach geschieht;
- **den Kontext**: Belastungen und Unterstützung sowie die Aspekte ihrer Herkunft oder Identität, die ihr am wichtigsten sind;
- **Bewältigung und Hilfesuche**: was sie schon versucht hat, was geholfen hat und was im Weg stand;
- **Erwartungen**: welche Hilfe sie sich jetzt erhofft und welche Bedenken sie in Bezug auf die Beziehung zur Fachperson hat.

Das CFI liefert weder einen Punktwert noch eine Diagnose. Es liefert Verständnis, das die Diagnose genauer und den Behandlungsplan annehmbarer macht.`,
                },
                es: {
                  kind: 'text',
                  markdown: `Una entrevista diagnóstica es siempre el encuentro entre dos conjuntos de supuestos: los del profesional y los de la persona. En el trabajo transcultural, hacerlos explícitos forma parte de una buena evaluación; no es un complemento opcional.

La **formulación cultural** explora de forma sistemática cómo la cultura da forma al problema de una persona y a su experiencia de la atención. El DSM-5 incluye una **Entrevista de Formulación Cultural** (CFI): un breve conjunto semiestructurado de preguntas abiertas, utilizable con cualquier persona y no solo con migrantes. En síntesis, invita a la persona a describir:

- **el problema con sus propias palabras**: qué la trae a consulta y cómo lo describen ella y quienes la rodean;
- **las causas percibidas**: por qué cree que le está ocurriendo;
- **el contexto**: fuentes de estrés y de apoyo, y los aspectos de su origen o identidad que más le importan;
- **el afrontamiento y la búsqueda de ayuda**: qué ha probado ya, qué le ha servido y qué se lo ha impedido;
- **las expectativas**: qué tipo de ayuda espera ahora y qué preocupaciones tiene sobre la relación con el profesional.

La CFI no da una puntuación ni un diagnóstico. Da comprensión, lo que hace el diagnóstico más preciso y el plan de tratamiento más aceptable.`,
                },
                el: {
                  kind: 'text',
                  markdown: `Μια διαγνωστική συνέντευξη είναι πάντα η συνάντηση δύο συνόλων παραδοχών: του κλινικού και του ατόμου. Στη διαπολιτισμική δουλειά, η ρητή διατύπωσή τους είναι μέρος μιας καλής αξιολόγησης, όχι προαιρετική προσθήκη.

Η **πολιτισμική διατύπωση** είναι μια προσέγγιση που διερευνά συστηματικά πώς ο πολιτισμός διαμορφώνει το πρόβλημα ενός ατόμου και την εμπειρία του από τη φροντίδα. Το DSM-5 περιλαμβάνει τη **Συνέντευξη Πολιτισμικής Διατύπωσης** (*Cultural Formulation Interview*, CFI), ένα σύντομο, ημιδομημένο σύνολο ανοιχτών ερωτήσεων που μπορεί να χρησιμοποιηθεί με οποιονδήποτε, όχι μόνο με μετανάστες. Σε γενικές γραμμές, καλεί το άτομο να περιγράψει:

- **το πρόβλημα με τα δικά του λόγια**: τι το φέρνει εδώ και πώς το περιγράφουν το ίδιο και οι άνθρωποι γύρω του·
- **τις αιτίες όπως τις αντιλαμβάνεται**: γιατί πιστεύει ότι συμβαίνει·
- **το πλαίσιο**: πηγές πίεσης και στήριξης, και τις πτυχές της καταγωγής ή της ταυτότητάς του που έχουν για εκείνο τη μεγαλύτερη σημασία·
- **την αντιμετώπιση και την αναζήτηση βοήθειας**: τι έχει ήδη δοκιμάσει, τι βοήθησε και τι στάθηκε εμπόδιο·
- **τις προσδοκίες**: τι είδους βοήθεια ελπίζει να λάβει τώρα και τυχόν ανησυχίες για τη σχέση με τον κλινικό.

Η CFI δεν δίνει βαθμολογία ούτε διάγνωση. Δίνει κατανόηση, που κάνει τη διάγνωση πιο ακριβή και το θεραπευτικό σχέδιο πιο αποδεκτό.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Sources of diagnostic error

Assessment across cultures and languages carries specific risks of error, in both directions:

- **Over-diagnosis**: a culturally shared belief in spirits, sorcery or the evil eye can be mistaken for a delusion; hearing the voice of a dead relative during grief, or vivid dissociative experiences after trauma, can be mistaken for psychosis. Mistrust born of real persecution can look like paranoia.
- **Under-diagnosis**: depression expressed through the body, shame that hides symptoms or polite deference to the clinician can mask a serious disorder.
- **Language effects**: an assessment in a second language can make thinking seem poorer or more disorganised than it is, or hide subtle disturbances.

Useful safeguards include working with a professional interpreter, asking whether others in the person’s community would see the experience as unusual, meeting more than once, considering information from others with consent, and holding diagnoses as working hypotheses. Use standardised instruments with care: check whether they have been validated for the relevant language and population, and read scores in context.

Diagnostic humility is not diagnostic paralysis: a person with a severe disorder still deserves timely treatment.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Le fonti di errore diagnostico

La valutazione tra culture e lingue diverse comporta rischi specifici di errore, in entrambe le direzioni:

- **Sovradiagnosi**: una credenza culturalmente condivisa negli spiriti, nella stregoneria o nel malocchio può essere scambiata per un delirio; sentire la voce di un familiare defunto durante il lutto, o vivide esperienze dissociative dopo un trauma, possono essere scambiate per psicosi. La diffidenza nata da una persecuzione reale può sembrare paranoia.
- **Sottodiagnosi**: una depressione espressa attraverso il corpo, la vergogna che nasconde i sintomi o la deferenza cortese verso il clinico possono mascherare un disturbo grave.
- **Effetti della lingua**: una valutazione condotta in una seconda lingua può far sembrare il pensiero più povero o più disorganizzato di quanto sia, oppure nascondere alterazioni sottili.

Tra le tutele utili: lavorare con un interprete professionale, chiedere se altre persone della comunità considererebbero insolita quell’esperienza, incontrare la persona più di una volta, considerare con il suo consenso informazioni fornite da altri, e trattare le diagnosi come ipotesi di lavoro. Gli strumenti standardizzati vanno usati con cautela: verificate che siano stati validati per la lingua e la popolazione in questione e leggete i punteggi nel loro contesto.

L’umiltà diagnostica non è paralisi diagnostica: una persona con un disturbo grave ha comunque diritto a un trattamento tempestivo.`,
                },
                de: {
                  kind: 'text',
                  markdown: `### Quellen diagnostischer Fehler

Diagnostik über Kultur- und Sprachgrenzen hinweg birgt besondere Fehlerrisiken, und zwar in beide Richtungen:

- **Überdiagnose**: Ein kulturell geteilter Glaube an Geister, Zauberei oder den bösen Blick kann für einen Wahn gehalten werden; die Stimme eines verstorbenen Angehörigen in der Trauer oder lebhafte dissoziative Erlebnisse nach einem Trauma können als Psychose missverstanden werden. Misstrauen, das aus realer Verfolgung entstanden ist, kann wie Paranoia wirken.
- **Unterdiagnose**: Eine Depression, die sich körperlich äußert, Scham, die Symptome verbirgt, oder höfliche Zurückhaltung gegenüber der Fachperson können eine schwere Erkrankung verdecken.
- **Spracheffekte**: Eine Untersuchung in einer Zweitsprache kann das Denken ärmer oder ungeordneter erscheinen lassen, als es ist, oder feine Auffälligkeiten verbergen.

Hilfreiche Sicherungen sind: mit professionellen Dolmetschenden arbeiten, fragen, ob andere Menschen aus dem Umfeld der Person das Erlebte als ungewöhnlich ansehen würden, sich mehr als einmal treffen, mit Einverständnis Informationen von Dritten einbeziehen und Diagnosen als Arbeitshypothesen behandeln. Standardisierte Instrumente sollten mit Vorsicht eingesetzt werden: Prüfen Sie, ob sie für die betreffende Sprache und Bevölkerungsgruppe validiert sind, und lesen Sie Werte im Kontext.

Diagnostische Demut heißt nicht diagnostische Lähmung: Wer schwer erkrankt ist, hat dennoch Anspruch auf eine rechtzeitige Behandlung.`,
                },
                es: {
                  kind: 'text',
                  markdown: `### Fuentes de error diagnóstico

La evaluación entre culturas e idiomas conlleva riesgos de error específicos, en ambas direcciones:

- **Sobrediagnóstico**: una creencia culturalmente compartida en espíritus, brujería o mal de ojo puede confundirse con un delirio; oír la voz de un familiar fallecido durante el duelo, o experiencias disociativas intensas tras un trauma, pueden tomarse por psicosis. La desconfianza nacida de una persecución real puede parecer paranoia.
- **Infradiagnóstico**: una depresión expresada a través del cuerpo, la vergüenza que oculta los síntomas o la deferencia cortés hacia el profesional pueden enmascarar un trastorno grave.
- **Efectos del idioma**: una evaluación en una segunda lengua puede hacer que el pensamiento parezca más pobre o desorganizado de lo que es, o esconder alteraciones sutiles.

Algunas salvaguardas útiles: trabajar con un intérprete profesional, preguntar si otras personas de su comunidad considerarían inusual esa experiencia, ver a la persona más de una vez, tener en cuenta, con su consentimiento, información de terceros y manejar los diagnósticos como hipótesis de trabajo. Los instrumentos estandarizados deben usarse con cautela: compruebe si están validados para el idioma y la población en cuestión e interprete las puntuaciones en su contexto.

La humildad diagnóstica no es parálisis diagnóstica: una persona con un trastorno grave sigue mereciendo un tratamiento a tiempo.`,
                },
                el: {
                  kind: 'text',
                  markdown: `### Πηγές διαγνωστικού σφάλματος

Η αξιολόγηση ανάμεσα σε πολιτισμούς και γλώσσες ενέχει συγκεκριμένους κινδύνους σφάλματος, και προς τις δύο κατευθύνσεις:

- **Υπερδιάγνωση**: μια πολιτισμικά κοινή πίστη σε πνεύματα, μαγεία ή στο κακό μάτι μπορεί να εκληφθεί ως παραλήρημα· το να ακούει κανείς τη φωνή ενός νεκρού συγγενή στο πένθος, ή έντονες διασχιστικές εμπειρίες μετά από τραύμα, μπορεί να εκληφθούν ως ψύχωση. Η καχυποψία που γεννήθηκε από πραγματική δίωξη μπορεί να μοιάζει με παράνοια.
- **Υποδιάγνωση**: η κατάθλιψη που εκφράζεται μέσω του σώματος, η ντροπή που κρύβει τα συμπτώματα ή η ευγενική συμμόρφωση προς τον κλινικό μπορούν να συγκαλύψουν μια σοβαρή διαταραχή.
- **Επιδράσεις της γλώσσας**: μια αξιολόγηση σε δεύτερη γλώσσα μπορεί να κάνει τη σκέψη να φαίνεται φτωχότερη ή πιο αποδιοργανωμένη απ’ ό,τι είναι, ή να κρύψει λεπτές διαταραχές.

Χρήσιμες δικλίδες: συνεργασία με επαγγελματία διερμηνέα, ερώτηση αν άλλοι άνθρωποι της κοινότητάς του θα θεωρούσαν την εμπειρία ασυνήθιστη, περισσότερες από μία συναντήσεις, αξιοποίηση πληροφοριών από τρίτους με τη συγκατάθεσή του, και αντιμετώπιση των διαγνώσεων ως υποθέσεων εργασίας. Χρησιμοποιείτε τα σταθμισμένα εργαλεία με προσοχή: ελέγξτε αν έχουν σταθμιστεί για τη συγκεκριμένη γλώσσα και πληθυσμό και ερμηνεύετε τις βαθμολογίες μέσα στο πλαίσιό τους.

Διαγνωστική ταπεινότητα δεν σημαίνει διαγνωστική παράλυση: ένα άτομο με σοβαρή διαταραχή δικαιούται και πάλι έγκαιρη θεραπεία.`,
                },
              },
            },
            {
              data: { correct: [1] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'What is the main purpose of the DSM-5 Cultural Formulation Interview?',
                  options: [
                    { text: 'To establish a diagnosis with a cut-off score.', feedback: 'The CFI has no score and does not produce a diagnosis; it is a guide to open questions.' },
                    { text: 'To understand the problem, its causes, its context and the help sought, as the person sees them.', feedback: 'Right. The CFI explores the person’s perspective, which supports a more accurate assessment and a more acceptable plan.' },
                    { text: 'To decide whether the person’s beliefs are compatible with biomedical treatment.', feedback: 'The aim is to understand, not to test compatibility; different explanatory models often coexist with biomedical care.' },
                    { text: 'To assess the credibility of the person’s account for the asylum procedure.', feedback: 'The CFI is a clinical tool, not a way of assessing credibility.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Qual è lo scopo principale dell’Intervista per la formulazione culturale del DSM-5?',
                  options: [
                    { text: 'Stabilire una diagnosi in base a un punteggio soglia.', feedback: 'La CFI non prevede punteggi e non produce una diagnosi: è una traccia di domande aperte.' },
                    { text: 'Comprendere il problema, le sue cause, il contesto e l’aiuto cercato, così come li vede la persona.', feedback: 'Esatto. La CFI esplora il punto di vista della persona, il che favorisce una valutazione più accurata e un piano più accettabile.' },
                    { text: 'Stabilire se le convinzioni della persona sono compatibili con un trattamento biomedico.', feedback: 'Lo scopo è comprendere, non verificare una compatibilità; modelli esplicativi diversi convivono spesso con le cure biomediche.' },
                    { text: 'Valutare la credibilità del racconto della persona ai fini della procedura d’asilo.', feedback: 'La CFI è uno strumento clinico, non un modo per valutare la credibilità.' },
                  ],
                },
                de: {
                  kind: 'check',
                  question: 'Was ist der Hauptzweck des Cultural Formulation Interview im DSM-5?',
                  options: [
                    { text: 'Eine Diagnose anhand eines Schwellenwerts stellen.', feedback: 'Das CFI hat keinen Punktwert und liefert keine Diagnose; es ist ein Leitfaden für offene Fragen.' },
                    { text: 'Das Problem, seine Ursachen, seinen Kontext und die gesuchte Hilfe so verstehen, wie die Person sie sieht.', feedback: 'Richtig. Das CFI erkundet die Sicht der Person und trägt so zu einer genaueren Diagnostik und einem annehmbareren Plan bei.' },
                    { text: 'Entscheiden, ob die Überzeugungen der Person mit einer biomedizinischen Behandlung vereinbar sind.', feedback: 'Ziel ist Verstehen, nicht eine Vereinbarkeitsprüfung; verschiedene Erklärungsmodelle bestehen oft neben biomedizinischer Behandlung.' },
                    { text: 'Die Glaubhaftigkeit der Schilderungen für das Asylverfahren beurteilen.', feedback: 'Das CFI ist ein klinisches Instrument, kein Mittel zur Glaubhaftigkeitsprüfung.' },
                  ],
                },
                es: {
                  kind: 'check',
                  question: '¿Cuál es la finalidad principal de la Entrevista de Formulación Cultural del DSM-5?',
                  options: [
                    { text: 'Establecer un diagnóstico a partir de un punto de corte.', feedback: 'La CFI no tiene puntuación ni da un diagnóstico; es una guía de preguntas abiertas.' },
                    { text: 'Comprender el problema, sus causas, su contexto y la ayuda que se busca, tal como los ve la persona.', feedback: 'Correcto. La CFI explora la perspectiva de la persona, lo que favorece una evaluación más precisa y un plan más aceptable.' },
                    { text: 'Decidir si las creencias de la persona son compatibles con un tratamiento biomédico.', feedback: 'El objetivo es comprender, no comprobar la compatibilidad; a menudo distintos modelos explicativos conviven con la atención biomédica.' },
                    { text: 'Valorar la credibilidad del relato de la persona para el procedimiento de asilo.', feedback: 'La CFI es una herramienta clínica, no una forma de evaluar la credibilidad.' },
                  ],
                },
                el: {
                  kind: 'check',
                  question: 'Ποιος είναι ο κύριος σκοπός της Συνέντευξης Πολιτισμικής Διατύπωσης του DSM-5;',
                  options: [
                    { text: 'Να τεθεί διάγνωση με βάση ένα όριο βαθμολογίας.', feedback: 'Η CFI δεν έχει βαθμολογία και δεν δίνει διάγνωση· είναι οδηγός ανοιχτών ερωτήσεων.' },
                    { text: 'Να κατανοηθούν το πρόβλημα, οι αιτίες του, το πλαίσιο και η βοήθεια που αναζητείται, όπως τα βλέπει το ίδιο το άτομο.', feedback: 'Σωστά. Η CFI διερευνά την οπτική του ατόμου, κάτι που στηρίζει μια πιο ακριβή αξιολόγηση και ένα πιο αποδεκτό σχέδιο.' },
                    { text: 'Να κριθεί αν οι πεποιθήσεις του ατόμου συμβαδίζουν με τη βιοϊατρική θεραπεία.', feedback: 'Ο στόχος είναι η κατανόηση, όχι ο έλεγχος συμβατότητας· διαφορετικά ερμηνευτικά μοντέλα συχνά συνυπάρχουν με τη βιοϊατρική φροντίδα.' },
                    { text: 'Να αξιολογηθεί η αξιοπιστία της αφήγησης του ατόμου για τη διαδικασία ασύλου.', feedback: 'Η CFI είναι κλινικό εργαλείο, όχι τρόπος αξιολόγησης της αξιοπιστίας.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Working with interpreters in therapy' },
            it: { title: 'Lavorare con gli interpreti in psicoterapia' },
            de: { title: 'Therapie mit Dolmetschenden' },
            es: { title: 'Trabajar con intérpretes en terapia' },
            el: { title: 'Συνεργασία με διερμηνείς στη θεραπεία' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `In psychotherapy and psychiatric assessment, language is the main clinical instrument. A professional interpreter turns a two-person conversation into a three-person relationship, and this works best when it is planned.

### Before the session
- **Brief the interpreter**: the aims of the session, sensitive topics that may come up and any terms that need care.
- Agree on **first-person interpreting** (“I feel…” rather than “he says he feels…”), on rendering everything that is said, and on how to flag cultural questions or ambiguities.
- Check for **possible conflicts**: a shared small community, political affiliation or gender may matter to the person. Ask about their preferences when you can.

### During the session
- Speak to the person, not to the interpreter, and keep eye contact with the person.
- Use short segments and plain language; avoid jargon, idioms and double questions.
- Arrange the seats so that everyone can see each other, often in a triangle.
- If the interpreter adds an explanation, make it transparent to the person.

### After the session
- **Debrief**: talk about what was difficult, clarify meanings and ask how the interpreter is doing. Interpreters hear the same distressing stories as clinicians.

Whenever possible, keep the **same interpreter** throughout therapy. Never ask children, relatives or other residents to interpret in mental-health work.`,
                },
                it: {
                  kind: 'text',
                  markdown: `In psicoterapia e nella valutazione psichiatrica la lingua è il principale strumento clinico. Un interprete professionale trasforma un dialogo a due in una relazione a tre, che funziona meglio se preparata.

### Prima della seduta
- **Preparate l’interprete** (*briefing*): obiettivi della seduta, temi delicati che potrebbero emergere, termini che richiedono attenzione.
- Concordate l’**interpretazione in prima persona** («mi sento…» e non «dice che si sente…»), la resa completa di tutto ciò che viene detto e il modo di segnalare questioni culturali o ambiguità.
- Verificate **possibili conflitti**: la stessa piccola comunità, l’orientamento politico o il genere possono contare per la persona. Se potete, chiedete le sue preferenze.

### Durante la seduta
- Parlate alla persona, non all’interprete, e mantenete il contatto visivo con lei.
- Usate frasi brevi e un linguaggio semplice; evitate termini tecnici, modi di dire e domande doppie.
- Disponete le sedie in modo che tutti si vedano, spesso a triangolo.
- Se l’interprete aggiunge una spiegazione, rendetela trasparente per la persona.

### Dopo la seduta
- **Fate un debriefing**: parlate di ciò che è stato difficile, chiarite i significati e chiedete all’interprete come sta. Gli interpreti ascoltano le stesse storie dolorose dei clinici.

Quando possibile, mantenete lo **stesso interprete** per tutta la terapia. In salute mentale non chiedete mai a bambini, familiari o altri ospiti di fare da interpreti.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Reza’s third session',
                  markdown: `Reza, 41, is seeing a psychologist for nightmares and severe irritability. The sessions take place with Leyla, a professional interpreter who speaks his language. In the third session Reza talks for almost two minutes, with growing emotion. Leyla turns to the psychologist and says: “He says he is very tired and worried about his family.”

Later, when the psychologist asks about his sleep, Reza answers briefly and Leyla adds: “Men where he comes from don’t talk about these things, so he won’t tell you more.” Reza looks at the floor. The psychologist senses that something important has been lost but is unsure how to raise it.`,
                  prompts: [
                    'What may have gone wrong in the interpreting, and how could it affect Reza and the therapy?',
                    'How could the psychologist address this during the session, and in the debriefing with Leyla?',
                    'Which agreements in the briefing before the session could have helped prevent it?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'La terza seduta di Reza',
                  markdown: `Reza, 41 anni, è seguito da una psicologa per incubi e una forte irritabilità. Le sedute si svolgono con Leyla, interprete professionista che parla la sua lingua. Nella terza seduta Reza parla per quasi due minuti, con un’emozione crescente. Leyla si rivolge alla psicologa e dice: «Dice che è molto stanco e preoccupato per la sua famiglia».

Più tardi, quando la psicologa gli chiede del sonno, Reza risponde brevemente e Leyla aggiunge: «Gli uomini da dove viene lui non parlano di queste cose, quindi non le dirà di più». Reza guarda a terra. La psicologa intuisce che qualcosa di importante è andato perso, ma non sa bene come sollevare la questione.`,
                  prompts: [
                    'Che cosa potrebbe non aver funzionato nell’interpretazione, e che effetti può avere su Reza e sulla terapia?',
                    'Come potrebbe affrontarlo la psicologa durante la seduta, e nel debriefing con Leyla?',
                    'Quali accordi presi nel briefing prima della seduta avrebbero potuto aiutare a prevenirlo?',
                  ],
                },
              },
            },
            {
              data: { correct: [3] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'In a therapy session with an interpreter, which practice is most appropriate?',
                  options: [
                    { text: 'Asking a relative who speaks both languages to interpret, to put the person at ease.', feedback: 'Relatives should not interpret in mental-health work: confidentiality, accuracy and the person’s freedom to speak are all at risk.' },
                    { text: 'Looking at the interpreter while you speak, since they are the one who understands you.', feedback: 'Address the person directly: the therapeutic relationship is with them, even through an interpreter.' },
                    { text: 'Letting the interpreter summarise long answers to save time.', feedback: 'Summaries lose content and emotional nuance; agree on complete rendering instead.' },
                    { text: 'Briefing the interpreter before the session and debriefing afterwards.', feedback: 'Correct. Briefing and debriefing improve accuracy, prepare the interpreter for sensitive content and support their well-being.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'In una seduta di psicoterapia con un interprete, quale pratica è la più appropriata?',
                  options: [
                    { text: 'Chiedere a un familiare che parla entrambe le lingue di interpretare, per mettere a proprio agio la persona.', feedback: 'I familiari non dovrebbero interpretare nel lavoro di salute mentale: riservatezza, accuratezza e libertà di parola della persona sono tutte a rischio.' },
                    { text: 'Guardare l’interprete mentre si parla, perché è lui a capire ciò che dite.', feedback: 'Rivolgetevi direttamente alla persona: la relazione terapeutica è con lei, anche attraverso l’interprete.' },
                    { text: 'Lasciare che l’interprete riassuma le risposte lunghe per guadagnare tempo.', feedback: 'I riassunti perdono contenuti e sfumature emotive; concordate invece una resa completa.' },
                    { text: 'Fare un briefing con l’interprete prima della seduta e un debriefing dopo.', feedback: 'Esatto. Briefing e debriefing migliorano l’accuratezza, preparano l’interprete ai contenuti delicati e tutelano il suo benessere.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      texts: {
        en: { title: 'Treatment and certification' },
        it: { title: 'Trattamento e certificazione' },
        de: { title: 'Behandlung und Begutachtung' },
        es: { title: 'Tratamiento y certificación' },
        el: { title: 'Θεραπεία και πιστοποίηση' },
      },
      lessons: [
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Trauma-focused interventions' },
            it: { title: 'Interventi focalizzati sul trauma' },
            de: { title: 'Traumafokussierte Interventionen' },
            es: { title: 'Intervenciones centradas en el trauma' },
            el: { title: 'Παρεμβάσεις εστιασμένες στο τραύμα' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### A phased, needs-based approach

Treatment for refugees and asylum seekers usually follows a flexible, phased approach. The first priority is **safety and stabilisation**: dealing with urgent practical needs, building trust, explaining symptoms and teaching ways to manage sleep, arousal and intrusive memories. Housing, legal status and family separation often need attention alongside therapy, with social and legal services.

### Evidence-based trauma-focused interventions

For people with PTSD, trauma-focused psychological treatments have the strongest evidence. Examples include:

- **Narrative Exposure Therapy (NET)**, in which the person builds a chronological account of their life, traumatic events included; it was developed for people exposed to multiple and prolonged trauma;
- **trauma-focused cognitive behavioural therapy (TF-CBT)**, which works on memories, appraisals and avoidance;
- **Eye Movement Desensitisation and Reprocessing (EMDR)**, which combines recall of traumatic memories with bilateral stimulation.

These are examples, not a prescription, and each requires specific training and supervision. Ongoing insecurity does not automatically rule out trauma-focused work: many people benefit from it while their asylum claim is pending, if they are stable enough and want to go ahead. Depression, sleep problems and substance use may need treatment in their own right.

Adapt the delivery, not the core: use the person’s idioms and metaphors, involve the family where welcome, and agree on goals together.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Un approccio per fasi

Il trattamento segue di solito un approccio flessibile, per fasi. La prima priorità è **sicurezza e stabilizzazione**: rispondere ai bisogni pratici urgenti, costruire fiducia, spiegare i sintomi e insegnare a gestire sonno, iperattivazione e ricordi intrusivi. Alloggio, status giuridico e separazione dalla famiglia richiedono spesso attenzione accanto alla terapia, con i servizi sociali e legali.

### Interventi focalizzati sul trauma

Per il PTSD, le evidenze più solide riguardano i trattamenti psicologici focalizzati sul trauma, per esempio:

- la **Narrative Exposure Therapy (NET)**, in cui la persona costruisce un racconto cronologico della propria vita, eventi traumatici compresi, pensata per chi ha subito traumi multipli e prolungati;
- la **terapia cognitivo-comportamentale focalizzata sul trauma (TF-CBT)**, che lavora su ricordi, valutazioni ed evitamento;
- l’**EMDR**, che associa il richiamo dei ricordi traumatici a una stimolazione bilaterale.

Sono esempi, non una prescrizione, e ognuno richiede formazione e supervisione specifiche. L’incertezza non esclude di per sé il lavoro sul trauma: molte persone ne traggono beneficio mentre la domanda d’asilo è in esame, se sono abbastanza stabili e lo desiderano. Depressione, insonnia e uso di sostanze possono richiedere un trattamento specifico.

Adattate le modalità, non il nucleo: usate gli idiomi e le metafore della persona, coinvolgete la famiglia se è gradito e concordate insieme gli obiettivi.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Aziz and the question of timing',
                  markdown: `Aziz, 29, was detained and tortured in his country of origin. He has been in treatment with a psychiatrist for eight months: medication has improved his sleep, and he no longer has panic attacks at the reception centre. He still has nightmares several times a week and avoids anything that reminds him of prison, including the sound of keys.

His asylum interview is in three months. He tells his therapist he would like to “get the images out of his head” but fears that talking about the past will make him worse before the interview. His caseworker at the centre asks whether it would be better to wait for the decision.`,
                  prompts: [
                    'Which factors would you weigh in deciding whether to start trauma-focused work now?',
                    'How could you involve Aziz in this decision?',
                    'Which practical and social needs might require attention alongside therapy?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Aziz e la questione dei tempi',
                  markdown: `Aziz, 29 anni, è stato detenuto e torturato nel suo paese di origine. È in cura da uno psichiatra da otto mesi: i farmaci hanno migliorato il sonno e non ha più attacchi di panico al centro di accoglienza. Ha ancora incubi più volte alla settimana ed evita tutto ciò che gli ricorda il carcere, compreso il rumore delle chiavi.

L’audizione per l’asilo è fra tre mesi. Dice al suo terapeuta che vorrebbe «togliersi le immagini dalla testa», ma teme che parlare del passato lo faccia stare peggio prima dell’audizione. L’operatrice che lo segue al centro chiede se non sia meglio aspettare la decisione.`,
                  prompts: [
                    'Quali fattori considerereste per decidere se iniziare ora un lavoro focalizzato sul trauma?',
                    'Come potreste coinvolgere Aziz in questa decisione?',
                    'Quali bisogni pratici e sociali potrebbero richiedere attenzione accanto alla terapia?',
                  ],
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'Which statement about trauma-focused interventions for refugees is most accurate?',
                  options: [
                    { text: 'They should never start until the person has a secure legal status.', feedback: 'Insecurity calls for care over timing, but many people benefit from trauma-focused work while their claim is pending, if they are stable enough and willing.' },
                    { text: 'They require a full account of the trauma in the first session.', feedback: 'No. Trauma-focused work is carefully prepared and paced; a full account in the first session is neither required nor advisable.' },
                    { text: 'Approaches such as NET, TF-CBT and EMDR have good evidence for PTSD and can be adapted to the person’s culture and situation.', feedback: 'Correct. These are examples of evidence-based approaches; cultural adaptation concerns how they are delivered, not their core elements.' },
                    { text: 'Medication alone is the treatment of choice for PTSD in refugees.', feedback: 'Medication can help with some symptoms, but trauma-focused psychological treatments have the strongest evidence for PTSD.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Quale affermazione sugli interventi focalizzati sul trauma per i rifugiati è la più corretta?',
                  options: [
                    { text: 'Non dovrebbero mai iniziare prima che la persona abbia uno status giuridico sicuro.', feedback: 'L’incertezza richiede attenzione ai tempi, ma molte persone traggono beneficio dal lavoro sul trauma mentre la domanda è in esame, se sono abbastanza stabili e lo desiderano.' },
                    { text: 'Richiedono un racconto completo del trauma fin dalla prima seduta.', feedback: 'No. Il lavoro sul trauma va preparato e dosato con cura; un racconto completo nella prima seduta non è né richiesto né consigliabile.' },
                    { text: 'Approcci come NET, TF-CBT ed EMDR hanno buone evidenze per il PTSD e possono essere adattati alla cultura e alla situazione della persona.', feedback: 'Esatto. Sono esempi di approcci basati sulle evidenze; l’adattamento culturale riguarda le modalità di erogazione, non gli elementi centrali.' },
                    { text: 'I soli farmaci sono il trattamento di scelta per il PTSD nei rifugiati.', feedback: 'I farmaci possono aiutare per alcuni sintomi, ma per il PTSD le evidenze più solide riguardano i trattamenti psicologici focalizzati sul trauma.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 25,
          texts: {
            en: { title: 'Medico-legal certification' },
            it: { title: 'La certificazione medico-legale' },
            de: { title: 'Medizinisch-rechtliche Begutachtung' },
            es: { title: 'La certificación médico-legal' },
            el: { title: 'Ιατροδικαστική πιστοποίηση' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `In asylum procedures, a medical or psychological report can help decision-makers understand a person’s health and whether the clinical findings are consistent with their account of persecution or ill-treatment. A report can also explain why a person struggles to recall events, gives inconsistent details or finds interviews very hard: trauma, depression and dissociation can all affect memory and testimony.

The **Istanbul Protocol**, the United Nations manual on the effective investigation and documentation of torture and other cruel, inhuman or degrading treatment, is the main international reference for this kind of documentation. In general terms, it asks the clinician to:

- take a detailed history, including the alleged events and their psychological and physical effects;
- carry out a careful clinical examination and assessment;
- evaluate the **degree of consistency** between the findings and the account, with graded conclusions rather than a verdict;
- consider alternative explanations and state the limits of the assessment.

A clinician who writes a report is not judging whether the person is telling the truth or deciding their case: that is for the asylum authorities. The report describes clinical findings and gives a professional opinion on their consistency. Specific training is strongly recommended before writing such reports, and national requirements vary.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Nelle procedure d’asilo, una relazione medica o psicologica può aiutare chi decide a comprendere lo stato di salute della persona e se i riscontri clinici sono coerenti con il suo racconto di persecuzioni o maltrattamenti. Una relazione può anche spiegare perché la persona fatica a ricordare gli eventi, fornisce dettagli incoerenti o vive i colloqui con grande difficoltà: trauma, depressione e dissociazione possono incidere sulla memoria e sulla testimonianza.

Il **Protocollo di Istanbul**, il manuale delle Nazioni Unite per un’efficace indagine e documentazione della tortura e di altri trattamenti crudeli, inumani o degradanti, è il principale riferimento internazionale per questo tipo di documentazione. In termini generali, chiede al clinico di:

- raccogliere un’anamnesi dettagliata, che comprenda gli eventi riferiti e i loro effetti psicologici e fisici;
- effettuare un esame clinico e una valutazione accurati;
- valutare il **grado di coerenza** tra i riscontri e il racconto, con conclusioni graduate anziché un verdetto;
- considerare spiegazioni alternative e dichiarare i limiti della valutazione.

Il clinico che redige una relazione non giudica se la persona dice la verità né decide sulla sua domanda: questo spetta alle autorità competenti. La relazione descrive i riscontri clinici e fornisce un parere professionale sulla loro coerenza. Per redigerle è fortemente raccomandata una formazione specifica, e i requisiti variano da paese a paese.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Ethical principles

Certification raises delicate ethical questions:

- **Informed consent**: explain the purpose of the assessment, who will read the report and what it can and cannot achieve. The person may decline or withdraw.
- **Avoiding re-traumatisation**: detailed questions about torture or sexual violence can be very distressing. Pace the interview, offer breaks, make sure an interpreter of the preferred gender is available if the person wishes, and plan support for afterwards.
- **Objectivity and honesty**: state only what your findings support; do not overstate consistency out of sympathy, or understate it out of caution.
- **Clarity of roles**: being both the treating therapist and an independent evaluator can create tensions. Where possible, keep the roles separate; where not, be open about it and about what your report is based on.
- **Confidentiality**: include only the information needed for the purpose, with the person’s agreement.

Finally, remember the clinical meaning of the process. For some people, being listened to carefully is valuable in itself; for others, a negative decision despite a report can be devastating and calls for extra support.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Principi etici

La certificazione pone questioni etiche delicate:

- **Consenso informato**: spiegate lo scopo della valutazione, chi leggerà la relazione e che cosa può e non può ottenere. La persona può rifiutare o ritirarsi.
- **Evitare la ritraumatizzazione**: domande dettagliate su tortura o violenza sessuale possono essere molto dolorose. Dosate il colloquio, offrite pause, garantite se richiesto un interprete del genere preferito e prevedete un sostegno per dopo.
- **Obiettività e onestà**: affermate solo ciò che i vostri riscontri sostengono; non sopravvalutate la coerenza per simpatia né sottovalutatela per prudenza.
- **Chiarezza dei ruoli**: essere allo stesso tempo il terapeuta curante e un valutatore indipendente può creare tensioni. Se possibile, tenete separati i ruoli; altrimenti dichiaratelo apertamente e dite su che cosa si basa la relazione.
- **Riservatezza**: includete solo le informazioni necessarie allo scopo, con l’accordo della persona.

Ricordate infine il significato clinico del percorso. Per alcune persone essere ascoltate con attenzione ha valore di per sé; per altre, un diniego nonostante la relazione può essere devastante e richiede un sostegno in più.`,
                },
              },
            },
            {
              data: { correct: [0] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'When writing a medico-legal report for an asylum procedure, what is the clinician’s proper role?',
                  options: [
                    { text: 'To describe the clinical findings and give a professional opinion on how consistent they are with the person’s account.', feedback: 'Correct. The clinician evaluates consistency; deciding on credibility and on the claim is for the asylum authorities.' },
                    { text: 'To state whether the person is telling the truth.', feedback: 'Judging credibility is not a clinical task; the report addresses the consistency of the findings with the account.' },
                    { text: 'To support the claim as strongly as possible, since the person is their patient.', feedback: 'Sympathy should not shape conclusions: an overstated report harms both the person’s case and the clinician’s credibility.' },
                    { text: 'To decide whether the person qualifies for international protection.', feedback: 'That decision belongs to the competent authorities, not to the clinician.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Nel redigere una relazione medico-legale per una procedura d’asilo, qual è il ruolo corretto del clinico?',
                  options: [
                    { text: 'Descrivere i riscontri clinici e fornire un parere professionale su quanto siano coerenti con il racconto della persona.', feedback: 'Esatto. Il clinico valuta la coerenza; decidere sulla credibilità e sulla domanda spetta alle autorità competenti.' },
                    { text: 'Dichiarare se la persona dice la verità.', feedback: 'Giudicare la credibilità non è un compito clinico; la relazione riguarda la coerenza tra riscontri e racconto.' },
                    { text: 'Sostenere la domanda con la massima forza possibile, dato che la persona è un suo paziente.', feedback: 'La simpatia non deve orientare le conclusioni: una relazione che esagera danneggia sia la domanda della persona sia la credibilità del clinico.' },
                    { text: 'Stabilire se la persona ha diritto alla protezione internazionale.', feedback: 'Questa decisione spetta alle autorità competenti, non al clinico.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  ],
  questions: [
    {
      competence: 'cultural-formulation',
      correct: 3,
      texts: {
        en: {
          stem: 'A man from a rural area says his illness was caused by a neighbour’s curse. What is the most appropriate first step?',
          options: [
            'Record the belief as a delusion.',
            'Tell him that curses do not exist and explain the biomedical view.',
            'Avoid the subject, since beliefs are a private matter.',
            'Ask whether people in his family or community share this explanation, and what he thinks would help.',
          ],
          feedback: [
            'A belief shared within a cultural group is not in itself a delusion; more information is needed.',
            'Dismissing his explanation risks damaging the relationship and closing the conversation.',
            'His explanatory model is clinically relevant and can be explored respectfully.',
            'Correct. Asking whether the belief is shared and what help he expects helps distinguish cultural meaning from psychopathology and guides the plan.',
          ],
        },
        it: {
          stem: 'Un uomo proveniente da una zona rurale dice che la sua malattia è stata causata dalla maledizione di un vicino. Qual è il primo passo più appropriato?',
          options: [
            'Registrare la convinzione come un delirio.',
            'Dirgli che le maledizioni non esistono e spiegargli il punto di vista biomedico.',
            'Evitare l’argomento, perché le credenze sono una questione privata.',
            'Chiedergli se le persone della sua famiglia o comunità condividono questa spiegazione e che cosa pensa che potrebbe aiutarlo.',
          ],
          feedback: [
            'Una convinzione condivisa all’interno di un gruppo culturale non è di per sé un delirio; servono più informazioni.',
            'Liquidare la sua spiegazione rischia di danneggiare la relazione e di chiudere il dialogo.',
            'Il suo modello esplicativo è clinicamente rilevante e può essere esplorato con rispetto.',
            'Esatto. Chiedere se la convinzione è condivisa e quale aiuto si aspetta aiuta a distinguere il significato culturale dalla psicopatologia e orienta il piano di cura.',
          ],
        },
      },
    },
    {
      competence: 'cultural-formulation',
      correct: 1,
      texts: {
        en: {
          stem: 'Which description best fits the DSM-5 Cultural Formulation Interview?',
          options: [
            'A rating scale for the severity of trauma symptoms.',
            'A semi-structured set of open questions on how the person understands their problem, its context and the help they seek.',
            'A questionnaire reserved for patients who do not speak the clinician’s language.',
            'A test of acculturation to the host country.',
          ],
          feedback: [
            'The CFI does not measure severity.',
            'Correct. The CFI is a brief, person-centred interview that can be used with anyone.',
            'The CFI can be used with anyone, whatever their language or origin.',
            'It explores the person’s perspective, not their degree of acculturation.',
          ],
        },
        it: {
          stem: 'Quale descrizione corrisponde meglio all’Intervista per la formulazione culturale del DSM-5?',
          options: [
            'Una scala per misurare la gravità dei sintomi traumatici.',
            'Un insieme semi-strutturato di domande aperte su come la persona intende il proprio problema, il suo contesto e l’aiuto che cerca.',
            'Un questionario riservato ai pazienti che non parlano la lingua del clinico.',
            'Un test sul grado di acculturazione al paese di arrivo.',
          ],
          feedback: [
            'La CFI non misura la gravità.',
            'Esatto. La CFI è un’intervista breve, centrata sulla persona, utilizzabile con chiunque.',
            'La CFI può essere usata con chiunque, qualunque sia la lingua o l’origine.',
            'Esplora il punto di vista della persona, non il suo grado di acculturazione.',
          ],
        },
      },
    },
    {
      competence: 'cultural-formulation',
      correct: 0,
      texts: {
        en: {
          stem: 'Why can assessing a person in their second language lead to diagnostic error?',
          options: [
            'Thinking may seem poorer or more disorganised than it is, and subtle symptoms may be missed.',
            'People always exaggerate their symptoms in a second language.',
            'A second language makes it impossible to express emotions.',
            'It matters only for written tests, not for interviews.',
          ],
          feedback: [
            'Correct. Limited fluency can distort both the form and the content of speech, in either direction.',
            'There is no such systematic tendency; the problem is distortion, not exaggeration.',
            'Emotions can be expressed, but often with less nuance, which can mislead the assessment.',
            'Language affects interviews at least as much as written tests.',
          ],
        },
        it: {
          stem: 'Perché valutare una persona nella sua seconda lingua può portare a errori diagnostici?',
          options: [
            'Il pensiero può sembrare più povero o disorganizzato di quanto sia, e sintomi sottili possono sfuggire.',
            'In una seconda lingua le persone esagerano sempre i sintomi.',
            'In una seconda lingua è impossibile esprimere le emozioni.',
            'Conta solo per i test scritti, non per i colloqui.',
          ],
          feedback: [
            'Esatto. Una padronanza limitata della lingua può distorcere sia la forma sia il contenuto del discorso, in entrambe le direzioni.',
            'Non esiste una tendenza sistematica di questo tipo; il problema è la distorsione, non l’esagerazione.',
            'Le emozioni si possono esprimere, ma spesso con meno sfumature, e questo può trarre in inganno.',
            'La lingua incide sui colloqui almeno quanto sui test scritti.',
          ],
        },
      },
    },
    {
      competence: 'interpreters-in-therapy',
      correct: 2,
      texts: {
        en: {
          stem: 'What does first-person interpreting mean in a clinical session?',
          options: [
            'The interpreter speaks only when the clinician addresses them directly.',
            'The interpreter summarises in their own words.',
            'The interpreter renders what is said as if they were the speaker: “I cannot sleep”, not “she says she cannot sleep”.',
            'The interpreter adds their own opinion, in the first person.',
          ],
          feedback: [
            'The interpreter renders everything that all parties say.',
            'Summarising is not first-person interpreting, and content is lost.',
            'Correct. First-person interpreting keeps the conversation direct between clinician and patient.',
            'Personal opinions should be flagged transparently and kept apart, not added to the interpreting.',
          ],
        },
        it: {
          stem: 'Che cosa significa interpretare in prima persona in una seduta clinica?',
          options: [
            'L’interprete parla solo quando il clinico si rivolge direttamente a lui.',
            'L’interprete riassume con parole sue.',
            'L’interprete rende ciò che viene detto come se fosse chi parla: «Non riesco a dormire», non «dice che non riesce a dormire».',
            'L’interprete aggiunge il proprio parere, in prima persona.',
          ],
          feedback: [
            'L’interprete rende tutto ciò che dicono tutte le parti.',
            'Riassumere non è interpretare in prima persona, e si perdono contenuti.',
            'Esatto. L’interpretazione in prima persona mantiene diretto il dialogo tra clinico e paziente.',
            'Le opinioni personali vanno segnalate in modo trasparente e tenute distinte, non aggiunte all’interpretazione.',
          ],
        },
      },
    },
    {
      competence: 'interpreters-in-therapy',
      correct: 0,
      texts: {
        en: {
          stem: 'Why is a debriefing with the interpreter recommended after a difficult session?',
          options: [
            'To clarify meanings, discuss difficulties and support the interpreter, who is exposed to the same distressing content.',
            'To ask the interpreter whether the patient was telling the truth.',
            'To let the interpreter decide the next steps of treatment.',
            'Because it replaces the briefing before the session.',
          ],
          feedback: [
            'Correct. Debriefing improves accuracy and helps protect the interpreter from vicarious trauma.',
            'Judging credibility is not the interpreter’s role.',
            'Clinical decisions remain the clinician’s responsibility.',
            'Briefing and debriefing complement each other.',
          ],
        },
        it: {
          stem: 'Perché è consigliato un debriefing con l’interprete dopo una seduta difficile?',
          options: [
            'Per chiarire i significati, parlare delle difficoltà e sostenere l’interprete, esposto agli stessi contenuti dolorosi.',
            'Per chiedere all’interprete se il paziente diceva la verità.',
            'Per lasciare all’interprete la decisione sui passi successivi del trattamento.',
            'Perché sostituisce il briefing prima della seduta.',
          ],
          feedback: [
            'Esatto. Il debriefing migliora l’accuratezza e aiuta a proteggere l’interprete dal trauma vicario.',
            'Giudicare la credibilità non è compito dell’interprete.',
            'Le decisioni cliniche restano responsabilità del clinico.',
            'Briefing e debriefing si completano a vicenda.',
          ],
        },
      },
    },
    {
      competence: 'interpreters-in-therapy',
      correct: 3,
      texts: {
        en: {
          stem: 'A patient seems uneasy with the interpreter, who belongs to the same small community. What should you do?',
          options: [
            'Carry on, since every professional interpreter is bound by confidentiality.',
            'Ask the patient’s teenage daughter to interpret instead.',
            'Switch to a language the patient speaks less well.',
            'Raise the issue privately with the patient and, if needed, arrange another interpreter, for example by phone or video.',
          ],
          feedback: [
            'Confidentiality rules apply, but the patient’s unease can still prevent open communication.',
            'Children should never interpret in mental-health settings.',
            'This would make communication less accurate.',
            'Correct. The patient’s trust is essential; remote interpreting can offer an alternative in small communities.',
          ],
        },
        it: {
          stem: 'Un paziente sembra a disagio con l’interprete, che appartiene alla sua stessa piccola comunità. Che cosa dovreste fare?',
          options: [
            'Proseguire, dato che ogni interprete professionale è vincolato al segreto.',
            'Chiedere alla figlia adolescente del paziente di interpretare al suo posto.',
            'Passare a una lingua che il paziente parla meno bene.',
            'Parlarne in privato con il paziente e, se necessario, organizzare un altro interprete, per esempio al telefono o in video.',
          ],
          feedback: [
            'Le regole di riservatezza valgono, ma il disagio del paziente può comunque impedire una comunicazione aperta.',
            'I bambini e i ragazzi non devono mai fare da interpreti nei contesti di salute mentale.',
            'Renderebbe la comunicazione meno accurata.',
            'Esatto. La fiducia del paziente è essenziale; l’interpretariato a distanza può offrire un’alternativa nelle piccole comunità.',
          ],
        },
      },
    },
    {
      competence: 'trauma-focused-treatment',
      correct: 1,
      texts: {
        en: {
          stem: 'What is usually the first priority in a phased treatment for a refugee with PTSD?',
          options: [
            'Detailed exposure to the most distressing memory.',
            'Safety, stabilisation and attention to urgent practical needs.',
            'Waiting for the asylum decision before any intervention.',
            'Family therapy with relatives still in the country of origin.',
          ],
          feedback: [
            'Exposure work is prepared and paced; it is not the first step.',
            'Correct. Stabilisation, trust and practical needs come first and prepare the ground for trauma-focused work.',
            'Treatment should not wait for legal decisions, which may take a long time.',
            'Involving the family can be valuable, but it is not the first priority.',
          ],
        },
        it: {
          stem: 'Qual è di solito la prima priorità in un trattamento per fasi di un rifugiato con PTSD?',
          options: [
            'L’esposizione dettagliata al ricordo più doloroso.',
            'La sicurezza, la stabilizzazione e l’attenzione ai bisogni pratici urgenti.',
            'Attendere la decisione sull’asilo prima di qualsiasi intervento.',
            'Una terapia familiare con i parenti rimasti nel paese di origine.',
          ],
          feedback: [
            'Il lavoro di esposizione va preparato e dosato; non è il primo passo.',
            'Esatto. Stabilizzazione, fiducia e bisogni pratici vengono prima e preparano il terreno al lavoro sul trauma.',
            'Il trattamento non deve aspettare le decisioni legali, che possono richiedere molto tempo.',
            'Coinvolgere la famiglia può essere prezioso, ma non è la prima priorità.',
          ],
        },
      },
    },
    {
      competence: 'trauma-focused-treatment',
      correct: 3,
      texts: {
        en: {
          stem: 'Narrative Exposure Therapy (NET) was developed especially for people who:',
          options: [
            'have experienced a single road accident.',
            'do not want to talk about their lives.',
            'are children under five.',
            'have been exposed to multiple and prolonged traumatic events.',
          ],
          feedback: [
            'NET can be used in other situations, but it was designed for multiple and prolonged trauma.',
            'NET involves building a narrative of one’s life, which requires a willingness to talk.',
            'Adaptations exist for children and adolescents, but NET was not developed for young children.',
            'Correct. NET was developed for people exposed to repeated trauma, such as war and persecution, and places memories within a life narrative.',
          ],
        },
        it: {
          stem: 'La Narrative Exposure Therapy (NET) è stata sviluppata soprattutto per persone che:',
          options: [
            'hanno vissuto un singolo incidente stradale.',
            'non vogliono parlare della propria vita.',
            'sono bambini sotto i cinque anni.',
            'sono state esposte a eventi traumatici multipli e prolungati.',
          ],
          feedback: [
            'La NET può essere usata anche in altre situazioni, ma è stata pensata per traumi multipli e prolungati.',
            'La NET prevede la costruzione di un racconto della propria vita, il che richiede la disponibilità a parlare.',
            'Esistono adattamenti per bambini e adolescenti, ma la NET non è stata sviluppata per i bambini piccoli.',
            'Esatto. La NET è nata per persone esposte a traumi ripetuti, come guerre e persecuzioni, e colloca i ricordi all’interno del racconto di una vita.',
          ],
        },
      },
    },
    {
      competence: 'trauma-focused-treatment',
      correct: 2,
      texts: {
        en: {
          stem: 'What does the cultural adaptation of an evidence-based treatment mainly involve?',
          options: [
            'Removing the trauma-focused component.',
            'Replacing the treatment with traditional healing.',
            'Adapting language, metaphors, explanations and goals while keeping the core elements.',
            'Using the treatment only with people from the clinician’s own culture.',
          ],
          feedback: [
            'Removing the core element would make the treatment less effective.',
            'Traditional practices may be welcome alongside treatment, but adapting is not replacing.',
            'Correct. Adaptation makes the treatment meaningful and acceptable without changing what makes it work.',
            'Evidence-based treatments can be used across cultures with appropriate adaptation.',
          ],
        },
        it: {
          stem: 'In che cosa consiste principalmente l’adattamento culturale di un trattamento basato sulle evidenze?',
          options: [
            'Nell’eliminare la componente focalizzata sul trauma.',
            'Nel sostituire il trattamento con pratiche di guarigione tradizionali.',
            'Nell’adattare linguaggio, metafore, spiegazioni e obiettivi mantenendo gli elementi centrali.',
            'Nell’usare il trattamento solo con persone della stessa cultura del clinico.',
          ],
          feedback: [
            'Eliminare l’elemento centrale renderebbe il trattamento meno efficace.',
            'Le pratiche tradizionali possono essere accolte accanto al trattamento, ma adattare non significa sostituire.',
            'Esatto. L’adattamento rende il trattamento significativo e accettabile senza cambiare ciò che lo rende efficace.',
            'I trattamenti basati sulle evidenze si possono usare in culture diverse, con gli opportuni adattamenti.',
          ],
        },
      },
    },
    {
      competence: 'medico-legal-certification',
      correct: 0,
      texts: {
        en: {
          stem: 'What is the Istanbul Protocol?',
          options: [
            'The United Nations manual on the effective investigation and documentation of torture and ill-treatment.',
            'A diagnostic manual for mental disorders in refugees.',
            'A treaty that defines who qualifies as a refugee.',
            'A treatment protocol for PTSD.',
          ],
          feedback: [
            'Correct. It is the main international reference for the medical and psychological documentation of torture.',
            'It is not a diagnostic manual.',
            'The definition of a refugee is found in refugee law, not in the Istanbul Protocol.',
            'It concerns documentation, not treatment.',
          ],
        },
        it: {
          stem: 'Che cos’è il Protocollo di Istanbul?',
          options: [
            'Il manuale delle Nazioni Unite per un’efficace indagine e documentazione della tortura e dei maltrattamenti.',
            'Un manuale diagnostico dei disturbi mentali nei rifugiati.',
            'Un trattato che definisce chi ha diritto allo status di rifugiato.',
            'Un protocollo di trattamento per il PTSD.',
          ],
          feedback: [
            'Esatto. È il principale riferimento internazionale per la documentazione medica e psicologica della tortura.',
            'Non è un manuale diagnostico.',
            'La definizione di rifugiato si trova nel diritto dei rifugiati, non nel Protocollo di Istanbul.',
            'Riguarda la documentazione, non il trattamento.',
          ],
        },
      },
    },
    {
      competence: 'medico-legal-certification',
      correct: 2,
      texts: {
        en: {
          stem: 'A person with PTSD gives inconsistent dates in asylum interviews. How can a clinical report help?',
          options: [
            'By confirming that the dates given in the first interview are the right ones.',
            'By stating that the person never lies.',
            'By explaining, where the findings support it, how trauma and its consequences can impair memory and testimony.',
            'By recommending that the person never be interviewed again.',
          ],
          feedback: [
            'The clinician cannot verify facts such as dates.',
            'Judging truthfulness is not the clinician’s role.',
            'Correct. A report can describe how trauma, depression or dissociation may affect recall, where this is consistent with the findings.',
            'Procedural decisions belong to the authorities, although a report can describe the person’s needs during interviews.',
          ],
        },
        it: {
          stem: 'Una persona con PTSD fornisce date incoerenti durante i colloqui per l’asilo. In che modo può essere utile una relazione clinica?',
          options: [
            'Confermando che le date fornite nel primo colloquio sono quelle giuste.',
            'Dichiarando che la persona non mente mai.',
            'Spiegando, se i riscontri lo sostengono, come il trauma e le sue conseguenze possano compromettere la memoria e la testimonianza.',
            'Raccomandando che la persona non venga più sentita.',
          ],
          feedback: [
            'Il clinico non può verificare fatti come le date.',
            'Giudicare la sincerità non è compito del clinico.',
            'Esatto. Una relazione può descrivere come trauma, depressione o dissociazione possano influire sul ricordo, se ciò è coerente con i riscontri.',
            'Le decisioni procedurali spettano alle autorità, anche se una relazione può descrivere i bisogni della persona durante i colloqui.',
          ],
        },
      },
    },
    {
      competence: 'medico-legal-certification',
      correct: 1,
      texts: {
        en: {
          stem: 'Which practice respects the ethics of a medico-legal assessment?',
          options: [
            'Starting the assessment without explanation, so as not to influence the person.',
            'Explaining the purpose and use of the report, obtaining informed consent, pacing the interview and planning support for afterwards.',
            'Asking for every detail of the torture in one long session, to avoid repeated meetings.',
            'Sharing the report with reception-centre staff without asking the person.',
          ],
          feedback: [
            'Informed consent requires a clear explanation of purpose and use.',
            'Correct. Consent, careful pacing and support help avoid re-traumatisation and respect the person’s autonomy.',
            'A single long session can be re-traumatising; pacing and breaks matter.',
            'Sharing requires the person’s agreement and should be limited to what is needed.',
          ],
        },
        it: {
          stem: 'Quale pratica rispetta l’etica di una valutazione medico-legale?',
          options: [
            'Iniziare la valutazione senza spiegazioni, per non influenzare la persona.',
            'Spiegare scopo e utilizzo della relazione, ottenere il consenso informato, dosare il colloquio e prevedere un sostegno per dopo.',
            'Chiedere ogni dettaglio della tortura in un’unica lunga seduta, per evitare incontri ripetuti.',
            'Condividere la relazione con gli operatori del centro di accoglienza senza chiedere alla persona.',
          ],
          feedback: [
            'Il consenso informato richiede una spiegazione chiara di scopo e utilizzo.',
            'Esatto. Consenso, gradualità e sostegno aiutano a evitare la ritraumatizzazione e rispettano l’autonomia della persona.',
            'Un’unica lunga seduta può essere ritraumatizzante; gradualità e pause sono importanti.',
            'La condivisione richiede l’accordo della persona e va limitata a quanto necessario.',
          ],
        },
      },
    },
  ],
};

/* ------------------------------------------------------------------------------------------------------------
 * 4. Mediation, interpreting and psychosocial support (other professionals)
 * ---------------------------------------------------------------------------------------------------------- */

const mediationInterpretingPsychosocialSupport: DemoCourse = {
  slug: 'mediation-interpreting-psychosocial-support',
  sourceLocale: 'en',
  level: 'other-professionals',
  topics: ['communication-and-interpreting', 'self-care', 'trauma-and-distress'],
  durationMinutes: 100,
  professions: ['cultural-mediator', 'interpreter', 'counsellor', 'reception-centre-operator', 'volunteer', 'social-worker'],
  credits: [
    { profession: 'cultural-mediator', scheme: 'cpd', amount: 1.5 },
    { profession: 'interpreter', scheme: 'cpd', amount: 1.5 },
    { profession: 'counsellor', scheme: 'cpd', amount: 1.5 },
    { profession: 'reception-centre-operator', scheme: 'cpd', amount: 1.5 },
    { profession: 'volunteer', scheme: 'cpd', amount: 1.5 },
    { profession: 'social-worker', scheme: 'cpd', amount: 1.5 },
  ],
  texts: {
    en: {
      title: 'Mediation, interpreting and psychosocial support',
      summary: 'For cultural mediators, interpreters, counsellors, reception staff and volunteers: working well alongside mental-health services, protecting confidentiality, looking after yourself and knowing when to alert health services.',
      outcomes: [
        'Describe the role and boundaries of interpreters and cultural mediators in mental-health settings.',
        'Apply the principles of confidentiality in everyday work and recognise their limits.',
        'Recognise the signs of vicarious trauma and burnout and use strategies to prevent them.',
        'Offer everyday psychosocial support to people living in reception centres.',
        'Identify warning signs that call for alerting health services, and alert them effectively.',
      ],
      description: `Many of the people who stand closest to migrants and refugees are not health professionals: interpreters and cultural mediators who carry words and meanings between people, reception-centre staff who see residents every day, counsellors, social workers and volunteers. They are often the first to notice that someone is struggling, and the people a resident trusts most.

This module is for them. It clarifies what each role can and cannot do in mental-health settings, how to protect confidentiality in close-knit communities, how to cope with the weight of the stories you hear, and how to support residents day to day while knowing when and how to involve health services.`,
    },
    it: {
      title: 'Mediazione, interpretariato e supporto psicosociale',
      summary: 'Per mediatori culturali, interpreti, counsellor, operatori dell’accoglienza e volontari: collaborare bene con i servizi di salute mentale, tutelare la riservatezza, prendersi cura di sé e sapere quando allertare i servizi sanitari.',
      outcomes: [
        'Descrivere il ruolo e i confini di interpreti e mediatori culturali nei contesti di salute mentale.',
        'Applicare i principi della riservatezza nel lavoro quotidiano e riconoscerne i limiti.',
        'Riconoscere i segni del trauma vicario e del burnout e usare strategie per prevenirli.',
        'Offrire un supporto psicosociale quotidiano alle persone ospiti dei centri di accoglienza.',
        'Individuare i segnali d’allarme che richiedono di allertare i servizi sanitari, e farlo in modo efficace.',
      ],
      description: `Molte delle persone più vicine a migranti e rifugiati non sono professionisti sanitari: interpreti e mediatori culturali che portano parole e significati da una persona all’altra, operatori dei centri di accoglienza che vedono gli ospiti ogni giorno, counsellor, assistenti sociali e volontari. Spesso sono i primi ad accorgersi che qualcuno è in difficoltà, e le persone di cui gli ospiti si fidano di più.

Questo modulo è pensato per loro. Chiarisce che cosa ciascun ruolo può e non può fare nei contesti di salute mentale, come tutelare la riservatezza in comunità molto unite, come reggere il peso delle storie che si ascoltano e come sostenere gli ospiti nella vita di tutti i giorni, sapendo quando e come coinvolgere i servizi sanitari.`,
    },
    de: {
      title: 'Sprach- und Kulturmittlung, Dolmetschen und psychosoziale Unterstützung',
      summary: 'Für Sprach- und Kulturmittlerinnen und -mittler, Dolmetschende, Beratende, Mitarbeitende in Unterkünften und Ehrenamtliche: gut mit psychiatrischen und psychotherapeutischen Diensten zusammenarbeiten, Vertraulichkeit wahren, auf sich selbst achten und wissen, wann das Gesundheitswesen einzuschalten ist.',
      outcomes: [
        'Die Rolle und die Grenzen von Dolmetschenden und Kulturmittelnden im Bereich psychischer Gesundheit beschreiben.',
        'Die Grundsätze der Vertraulichkeit im Arbeitsalltag anwenden und ihre Grenzen kennen.',
        'Anzeichen von sekundärer Traumatisierung und Burnout erkennen und Strategien zur Vorbeugung nutzen.',
        'Menschen in Aufnahmeeinrichtungen im Alltag psychosozial unterstützen.',
        'Warnzeichen erkennen, bei denen Gesundheitsdienste eingeschaltet werden müssen, und sie wirksam informieren.',
      ],
      description: `Viele der Menschen, die Migrantinnen, Migranten und Geflüchteten am nächsten stehen, sind keine Gesundheitsfachkräfte: Dolmetschende und Kulturmittelnde, die Worte und Bedeutungen zwischen Menschen tragen, Mitarbeitende in Unterkünften, die die Bewohnerinnen und Bewohner täglich sehen, Beratende, Sozialarbeitende und Ehrenamtliche. Oft bemerken sie als Erste, dass es jemandem nicht gut geht, und oft sind sie es, denen die Menschen am meisten vertrauen.

Dieses Modul richtet sich an sie. Es klärt, was die einzelnen Rollen im Kontext psychischer Gesundheit leisten können und was nicht, wie Vertraulichkeit in eng verbundenen Communities gewahrt wird, wie man mit der Last der gehörten Geschichten umgeht und wie man Bewohnerinnen und Bewohner im Alltag unterstützt – und dabei weiß, wann und wie Gesundheitsdienste einzubeziehen sind.`,
    },
    es: {
      title: 'Mediación, interpretación y apoyo psicosocial',
      summary: 'Para mediadores culturales, intérpretes, orientadores, personal de acogida y voluntariado: trabajar bien junto a los servicios de salud mental, proteger la confidencialidad, cuidarse y saber cuándo avisar a los servicios sanitarios.',
      outcomes: [
        'Describir el papel y los límites de intérpretes y mediadores culturales en los contextos de salud mental.',
        'Aplicar los principios de la confidencialidad en el trabajo diario y reconocer sus límites.',
        'Reconocer los signos del trauma vicario y del desgaste profesional y utilizar estrategias para prevenirlos.',
        'Ofrecer apoyo psicosocial cotidiano a las personas que viven en centros de acogida.',
        'Identificar las señales de alarma que exigen avisar a los servicios sanitarios, y hacerlo de forma eficaz.',
      ],
      description: `Muchas de las personas más cercanas a migrantes y refugiados no son profesionales sanitarios: intérpretes y mediadores culturales que trasladan palabras y significados de una persona a otra, personal de los centros de acogida que ve a los residentes cada día, orientadores, trabajadores sociales y voluntariado. A menudo son los primeros en darse cuenta de que alguien lo está pasando mal, y las personas en quienes más confían los residentes.

Este módulo está pensado para ellos. Aclara lo que cada papel puede y no puede hacer en los contextos de salud mental, cómo proteger la confidencialidad en comunidades muy unidas, cómo sobrellevar el peso de las historias que se escuchan y cómo acompañar a los residentes en el día a día sabiendo cuándo y cómo implicar a los servicios sanitarios.`,
    },
    el: {
      title: 'Διαπολιτισμική μεσολάβηση, διερμηνεία και ψυχοκοινωνική υποστήριξη',
      summary: 'Για διαπολιτισμικούς μεσολαβητές, διερμηνείς, συμβούλους, προσωπικό δομών υποδοχής και εθελοντές: καλή συνεργασία με τις υπηρεσίες ψυχικής υγείας, προστασία του απορρήτου, φροντίδα του εαυτού και γνώση του πότε να ειδοποιούνται οι υπηρεσίες υγείας.',
      outcomes: [
        'Περιγράφετε τον ρόλο και τα όρια των διερμηνέων και των διαπολιτισμικών μεσολαβητών σε πλαίσια ψυχικής υγείας.',
        'Εφαρμόζετε τις αρχές του απορρήτου στην καθημερινή δουλειά και αναγνωρίζετε τα όριά του.',
        'Αναγνωρίζετε τα σημάδια του δευτερογενούς τραύματος και της επαγγελματικής εξουθένωσης και χρησιμοποιείτε τρόπους πρόληψής τους.',
        'Προσφέρετε καθημερινή ψυχοκοινωνική υποστήριξη στους ανθρώπους που ζουν σε δομές υποδοχής.',
        'Εντοπίζετε τα προειδοποιητικά σημάδια που απαιτούν ειδοποίηση των υπηρεσιών υγείας, και τις ειδοποιείτε αποτελεσματικά.',
      ],
      description: `Πολλοί από τους ανθρώπους που βρίσκονται πιο κοντά σε μετανάστες και πρόσφυγες δεν είναι επαγγελματίες υγείας: διερμηνείς και διαπολιτισμικοί μεσολαβητές που μεταφέρουν λέξεις και νοήματα από τον έναν άνθρωπο στον άλλο, εργαζόμενοι σε δομές υποδοχής που βλέπουν καθημερινά τους φιλοξενούμενους, σύμβουλοι, κοινωνικοί λειτουργοί και εθελοντές. Συχνά είναι οι πρώτοι που καταλαβαίνουν ότι κάποιος δυσκολεύεται, και αυτοί που εμπιστεύονται περισσότερο οι φιλοξενούμενοι.

Αυτή η ενότητα απευθύνεται σε εκείνους. Ξεκαθαρίζει τι μπορεί και τι δεν μπορεί να κάνει κάθε ρόλος σε πλαίσια ψυχικής υγείας, πώς προστατεύεται το απόρρητο σε δεμένες κοινότητες, πώς να αντέχετε το βάρος των ιστοριών που ακούτε και πώς να στηρίζετε τους φιλοξενούμενους στην καθημερινότητα, γνωρίζοντας πότε και πώς να εμπλέκετε τις υπηρεσίες υγείας.`,
    },
  },
  modules: [
    {
      texts: {
        en: { title: 'Roles, boundaries and confidentiality' },
        it: { title: 'Ruoli, confini e riservatezza' },
        de: { title: 'Rollen, Grenzen und Vertraulichkeit' },
        es: { title: 'Funciones, límites y confidencialidad' },
        el: { title: 'Ρόλοι, όρια και απόρρητο' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Mediators and interpreters in mental-health settings' },
            it: { title: 'Mediatori e interpreti nei contesti di salute mentale' },
            de: { title: 'Kulturmittelnde und Dolmetschende im Bereich psychischer Gesundheit' },
            es: { title: 'Mediadores e intérpretes en los contextos de salud mental' },
            el: { title: 'Μεσολαβητές και διερμηνείς σε πλαίσια ψυχικής υγείας' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Interpreters and cultural mediators both work across languages and cultures, but their roles are not the same, and the difference matters in mental-health care.

- **Interpreters** render what is said, completely and accurately, from one language into another. In a clinical session they aim to be as transparent as possible, so that clinician and patient can speak to each other directly. Accuracy includes tone and emotion: a hesitation, anger or a trembling voice are part of the message.
- **Cultural mediators** often interpret too, but their role is broader: they help both sides understand meanings, expectations and practices that may not be obvious, such as how a family takes decisions, what a particular expression of distress may mean, or how the health system works. They may also help people find their way to services.

In practice, titles and tasks vary between countries and services. What matters is that everyone in the room knows who is doing what. At the start of a session, agree with the professional how you will work together, and introduce your role to the person in simple words, including the fact that you are bound by confidentiality.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Interpreti e mediatori culturali lavorano entrambi tra lingue e culture diverse, ma i loro ruoli non coincidono, e la differenza conta nella cura della salute mentale.

- Gli **interpreti** rendono ciò che viene detto da una lingua all’altra, in modo completo e accurato. In una seduta clinica cercano di essere il più possibile trasparenti, perché clinico e paziente possano parlarsi direttamente. L’accuratezza riguarda anche il tono e le emozioni: un’esitazione, la rabbia o una voce tremante fanno parte del messaggio.
- I **mediatori culturali** spesso interpretano anche, ma il loro ruolo è più ampio: aiutano entrambe le parti a capire significati, aspettative e pratiche che possono non essere evidenti, come il modo in cui una famiglia prende le decisioni, che cosa può voler dire una certa espressione di sofferenza o come funziona il sistema sanitario. Possono anche aiutare le persone a orientarsi tra i servizi.

Nella pratica, denominazioni e compiti variano tra paesi e servizi. Ciò che conta è che tutti, nella stanza, sappiano chi fa che cosa. All’inizio dell’incontro concordate con il professionista come lavorerete insieme e presentate il vostro ruolo alla persona con parole semplici, dicendo anche che siete tenuti alla riservatezza.`,
                },
                de: {
                  kind: 'text',
                  markdown: `Dolmetschende und Kulturmittelnde arbeiten beide zwischen Sprachen und Kulturen, doch ihre Rollen sind nicht dieselben – und dieser Unterschied ist in der psychiatrischen und psychotherapeutischen Versorgung wichtig.

- **Dolmetschende** übertragen das Gesagte vollständig und genau von einer Sprache in die andere. In einer klinischen Sitzung bemühen sie sich, möglichst „durchsichtig“ zu sein, damit Fachperson und Patientin oder Patient direkt miteinander sprechen können. Zur Genauigkeit gehören auch Tonfall und Gefühle: Zögern, Wut oder eine zitternde Stimme sind Teil der Botschaft.
- **Kulturmittelnde** dolmetschen oft ebenfalls, ihre Rolle ist aber weiter gefasst: Sie helfen beiden Seiten, Bedeutungen, Erwartungen und Gepflogenheiten zu verstehen, die nicht offensichtlich sind – etwa wie eine Familie Entscheidungen trifft, was ein bestimmter Ausdruck von Leid bedeuten kann oder wie das Gesundheitssystem funktioniert. Sie können Menschen auch helfen, den Weg zu den Diensten zu finden.

In der Praxis unterscheiden sich Bezeichnungen und Aufgaben je nach Land und Einrichtung. Entscheidend ist, dass alle im Raum wissen, wer was tut. Vereinbaren Sie zu Beginn einer Sitzung mit der Fachperson, wie Sie zusammenarbeiten, und stellen Sie der Person Ihre Rolle in einfachen Worten vor – einschließlich der Tatsache, dass Sie zur Verschwiegenheit verpflichtet sind.`,
                },
                es: {
                  kind: 'text',
                  markdown: `Intérpretes y mediadores culturales trabajan entre lenguas y culturas, pero sus funciones no son iguales, y la diferencia importa en la atención a la salud mental.

- Los **intérpretes** trasladan lo que se dice de una lengua a otra de forma completa y precisa. En una sesión clínica procuran ser lo más transparentes posible, para que profesional y paciente puedan hablar directamente. La precisión incluye el tono y la emoción: una vacilación, el enfado o una voz temblorosa forman parte del mensaje.
- Los **mediadores culturales** a menudo también interpretan, pero su función es más amplia: ayudan a ambas partes a entender significados, expectativas y prácticas que pueden no ser evidentes, como la forma en que una familia toma decisiones, lo que puede significar una determinada expresión de malestar o cómo funciona el sistema sanitario. También pueden ayudar a las personas a orientarse entre los servicios.

En la práctica, las denominaciones y las tareas varían entre países y servicios. Lo importante es que todos en la sala sepan quién hace qué. Al inicio de la sesión, acuerde con el profesional cómo van a trabajar juntos y presente su papel a la persona con palabras sencillas, incluido el hecho de que está obligado a la confidencialidad.`,
                },
                el: {
                  kind: 'text',
                  markdown: `Οι διερμηνείς και οι διαπολιτισμικοί μεσολαβητές εργάζονται και οι δύο ανάμεσα σε γλώσσες και πολιτισμούς, αλλά οι ρόλοι τους δεν ταυτίζονται, και η διαφορά έχει σημασία στη φροντίδα της ψυχικής υγείας.

- Οι **διερμηνείς** αποδίδουν όσα λέγονται από τη μία γλώσσα στην άλλη, πλήρως και με ακρίβεια. Σε μια κλινική συνεδρία επιδιώκουν να είναι όσο το δυνατόν πιο «διάφανοι», ώστε ο κλινικός και ο ασθενής να μιλούν απευθείας μεταξύ τους. Η ακρίβεια περιλαμβάνει τον τόνο και το συναίσθημα: ένας δισταγμός, ο θυμός ή μια φωνή που τρέμει είναι μέρος του μηνύματος.
- Οι **διαπολιτισμικοί μεσολαβητές** συχνά κάνουν και διερμηνεία, αλλά ο ρόλος τους είναι ευρύτερος: βοηθούν και τις δύο πλευρές να κατανοήσουν νοήματα, προσδοκίες και πρακτικές που μπορεί να μην είναι προφανείς, όπως το πώς παίρνει αποφάσεις μια οικογένεια, τι μπορεί να σημαίνει μια συγκεκριμένη έκφραση δυσφορίας ή πώς λειτουργεί το σύστημα υγείας. Μπορούν επίσης να βοηθούν τους ανθρώπους να βρουν τον δρόμο τους προς τις υπηρεσίες.

Στην πράξη, οι τίτλοι και τα καθήκοντα διαφέρουν από χώρα σε χώρα και από υπηρεσία σε υπηρεσία. Σημασία έχει όλοι στο δωμάτιο να ξέρουν ποιος κάνει τι. Στην αρχή της συνεδρίας, συμφωνήστε με τον επαγγελματία πώς θα συνεργαστείτε και παρουσιάστε τον ρόλο σας στο άτομο με απλά λόγια, αναφέροντας ότι δεσμεύεστε από το απόρρητο.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Boundaries that protect everyone

Working close to people in distress brings strong pressures to step outside one’s role. A few boundaries protect the person, the professional and you:

- **Do not add, leave out or soften.** If something seems too harsh to translate, or you think the patient has misunderstood, say so openly to both sides rather than changing the message.
- **Make cultural comments transparent.** If you offer a cultural explanation, say that it is your own contribution and present it as a possibility, not as a fact about “all people from” a country. The person may not share the views of their community.
- **Do not give advice or therapy.** You may feel you know what the person needs, but clinical decisions belong to the professional. Bring your observations to them.
- **Manage dual relationships.** In small communities you may meet the person at the shop, at a place of worship or through friends. Be courteous, do not mention the sessions, and tell the team if a conflict of interest arises.
- **Know your limits.** You can ask for a pause, decline an assignment that touches your own history too closely, or ask for a debriefing.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Confini che proteggono tutti

Lavorare accanto a persone in sofferenza spinge con forza a uscire dal proprio ruolo. Alcuni confini proteggono la persona, il professionista e voi:

- **Non aggiungete, non tralasciate, non addolcite.** Se qualcosa vi sembra troppo duro da tradurre, o pensate che il paziente abbia frainteso, ditelo apertamente a entrambe le parti invece di modificare il messaggio.
- **Rendete trasparenti i commenti culturali.** Se offrite una spiegazione culturale, dite che è un vostro contributo e presentatela come un’ipotesi, non come un dato su «tutte le persone» di un certo paese. La persona può non condividere le idee della sua comunità.
- **Non date consigli e non fate terapia.** Potete avere l’impressione di sapere di che cosa ha bisogno la persona, ma le decisioni cliniche spettano al professionista. Riferite a lui le vostre osservazioni.
- **Gestite le relazioni doppie.** Nelle piccole comunità potete incontrare la persona al negozio, in un luogo di culto o tramite amici. Siate cortesi, non accennate agli incontri e informate l’équipe se nasce un conflitto di interessi.
- **Conoscete i vostri limiti.** Potete chiedere una pausa, rifiutare un incarico che tocca troppo da vicino la vostra storia o chiedere un debriefing.`,
                },
                de: {
                  kind: 'text',
                  markdown: `### Grenzen, die alle schützen

Wer nah an Menschen in seelischer Not arbeitet, spürt oft einen starken Sog, die eigene Rolle zu verlassen. Einige Grenzen schützen die Person, die Fachkraft und Sie selbst:

- **Nichts hinzufügen, weglassen oder abschwächen.** Wenn Ihnen etwas zu hart zum Übersetzen erscheint oder Sie glauben, dass die Patientin oder der Patient etwas missverstanden hat, sagen Sie das offen beiden Seiten, statt die Botschaft zu verändern.
- **Kulturelle Hinweise transparent machen.** Wenn Sie eine kulturelle Erklärung anbieten, kennzeichnen Sie sie als Ihren eigenen Beitrag und stellen Sie sie als Möglichkeit dar, nicht als Tatsache über „alle Menschen aus“ einem Land. Die Person teilt die Ansichten ihrer Community vielleicht nicht.
- **Keine Ratschläge, keine Therapie.** Vielleicht haben Sie das Gefühl zu wissen, was die Person braucht – klinische Entscheidungen liegen aber bei der Fachperson. Teilen Sie ihr Ihre Beobachtungen mit.
- **Mit Doppelbeziehungen umgehen.** In kleinen Communities begegnen Sie der Person vielleicht im Laden, in einer Gebetsstätte oder im Freundeskreis. Seien Sie höflich, erwähnen Sie die Sitzungen nicht und informieren Sie das Team, wenn ein Interessenkonflikt entsteht.
- **Die eigenen Grenzen kennen.** Sie dürfen um eine Pause bitten, einen Einsatz ablehnen, der Ihre eigene Geschichte zu sehr berührt, oder eine Nachbesprechung verlangen.`,
                },
                es: {
                  kind: 'text',
                  markdown: `### Límites que protegen a todos

Trabajar cerca de personas que sufren empuja con fuerza a salirse del propio papel. Algunos límites protegen a la persona, al profesional y a usted:

- **No añada, no omita, no suavice.** Si algo le parece demasiado duro para traducirlo, o cree que el paciente no ha entendido, dígalo abiertamente a ambas partes en lugar de cambiar el mensaje.
- **Haga transparentes los comentarios culturales.** Si ofrece una explicación cultural, diga que es una aportación suya y preséntela como una posibilidad, no como un hecho sobre «todas las personas» de un país. Puede que la persona no comparta las ideas de su comunidad.
- **No dé consejos ni haga terapia.** Quizá sienta que sabe lo que la persona necesita, pero las decisiones clínicas corresponden al profesional. Transmítale sus observaciones.
- **Gestione las relaciones duales.** En comunidades pequeñas puede encontrarse con la persona en una tienda, en un lugar de culto o a través de amistades. Sea cortés, no mencione las sesiones e informe al equipo si surge un conflicto de intereses.
- **Conozca sus límites.** Puede pedir una pausa, rechazar un encargo que toque demasiado de cerca su propia historia o solicitar una sesión de descarga (*debriefing*).`,
                },
                el: {
                  kind: 'text',
                  markdown: `### Όρια που προστατεύουν όλους

Η δουλειά κοντά σε ανθρώπους που υποφέρουν ασκεί ισχυρή πίεση να βγει κανείς από τον ρόλο του. Ορισμένα όρια προστατεύουν το άτομο, τον επαγγελματία και εσάς:

- **Μην προσθέτετε, μην παραλείπετε, μην ωραιοποιείτε.** Αν κάτι σας φαίνεται υπερβολικά σκληρό για να το μεταφράσετε ή πιστεύετε ότι ο ασθενής παρεξήγησε κάτι, πείτε το ανοιχτά και στις δύο πλευρές αντί να αλλάξετε το μήνυμα.
- **Κάνετε διαφανή τα πολιτισμικά σχόλια.** Αν προσφέρετε μια πολιτισμική εξήγηση, πείτε ότι είναι δική σας συμβολή και παρουσιάστε την ως πιθανότητα, όχι ως γεγονός για «όλους τους ανθρώπους» μιας χώρας. Το άτομο μπορεί να μη συμμερίζεται τις απόψεις της κοινότητάς του.
- **Μη δίνετε συμβουλές και μην κάνετε θεραπεία.** Μπορεί να νιώθετε ότι ξέρετε τι χρειάζεται το άτομο, αλλά οι κλινικές αποφάσεις ανήκουν στον επαγγελματία. Μεταφέρετέ του τις παρατηρήσεις σας.
- **Διαχειριστείτε τις διπλές σχέσεις.** Σε μικρές κοινότητες μπορεί να συναντήσετε το άτομο στο μαγαζί, σε χώρο λατρείας ή μέσω φίλων. Να είστε ευγενικοί, μην αναφέρεστε στις συνεδρίες και ενημερώστε την ομάδα αν προκύψει σύγκρουση συμφερόντων.
- **Γνωρίστε τα όριά σας.** Μπορείτε να ζητήσετε διάλειμμα, να αρνηθείτε μια ανάθεση που αγγίζει πολύ την προσωπική σας ιστορία ή να ζητήσετε συζήτηση αποφόρτισης (*debriefing*).`,
                },
              },
            },
            {
              data: { correct: [0] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'During a session, the mediator thinks the psychologist has misunderstood something the patient said because of a cultural reference. What should the mediator do?',
                  options: [
                    { text: 'Tell both the psychologist and the patient that there may be a misunderstanding and offer to explain the reference, making clear that it is their own contribution.', feedback: 'Right. Transparency lets both sides clarify meanings without the mediator taking over the conversation.' },
                    { text: 'Quietly change the translation so that the psychologist understands correctly.', feedback: 'Changing the message without saying so takes away the patient’s voice and the professional’s ability to judge; make your contribution visible instead.' },
                    { text: 'Say nothing, because a mediator should never intervene.', feedback: 'Mediators can and should point out possible misunderstandings; what matters is doing it openly.' },
                    { text: 'Explain privately to the patient, in their language, what the psychologist meant, without interpreting it.', feedback: 'Side conversations shut the professional out and blur roles; everything should be shared with both sides.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Durante una seduta la mediatrice pensa che la psicologa abbia frainteso qualcosa detto dal paziente a causa di un riferimento culturale. Che cosa dovrebbe fare?',
                  options: [
                    { text: 'Dire sia alla psicologa sia al paziente che potrebbe esserci un malinteso e offrirsi di spiegare il riferimento, chiarendo che si tratta di un suo contributo.', feedback: 'Esatto. La trasparenza permette a entrambe le parti di chiarire i significati senza che la mediatrice prenda in mano la conversazione.' },
                    { text: 'Modificare in silenzio la traduzione perché la psicologa capisca correttamente.', feedback: 'Cambiare il messaggio senza dirlo toglie voce al paziente e capacità di giudizio al professionista; rendete invece visibile il vostro contributo.' },
                    { text: 'Non dire nulla, perché una mediatrice non dovrebbe mai intervenire.', feedback: 'I mediatori possono e devono segnalare i possibili malintesi; ciò che conta è farlo apertamente.' },
                    { text: 'Spiegare in privato al paziente, nella sua lingua, che cosa intendeva la psicologa, senza interpretarlo.', feedback: 'Le conversazioni a parte escludono il professionista e confondono i ruoli; tutto va condiviso con entrambe le parti.' },
                  ],
                },
                de: {
                  kind: 'check',
                  question: 'Während einer Sitzung hat die Kulturmittlerin den Eindruck, dass die Psychologin eine Äußerung des Patienten wegen eines kulturellen Bezugs missverstanden hat. Was sollte sie tun?',
                  options: [
                    { text: 'Der Psychologin und dem Patienten sagen, dass es ein Missverständnis geben könnte, und anbieten, den Bezug zu erklären – als erkennbar eigenen Beitrag.', feedback: 'Richtig. Transparenz ermöglicht beiden Seiten, Bedeutungen zu klären, ohne dass die Kulturmittlerin das Gespräch an sich zieht.' },
                    { text: 'Die Übersetzung stillschweigend so ändern, dass die Psychologin es richtig versteht.', feedback: 'Wer die Botschaft ohne Hinweis verändert, nimmt dem Patienten seine Stimme und der Fachperson die Möglichkeit, selbst zu urteilen; machen Sie Ihren Beitrag stattdessen sichtbar.' },
                    { text: 'Nichts sagen, weil Kulturmittelnde niemals eingreifen sollten.', feedback: 'Kulturmittelnde können und sollen auf mögliche Missverständnisse hinweisen; entscheidend ist, dass dies offen geschieht.' },
                    { text: 'Dem Patienten unter vier Augen in seiner Sprache erklären, was die Psychologin gemeint hat, ohne es zu dolmetschen.', feedback: 'Nebengespräche schließen die Fachperson aus und verwischen die Rollen; alles sollte mit beiden Seiten geteilt werden.' },
                  ],
                },
                es: {
                  kind: 'check',
                  question: 'Durante una sesión, la mediadora cree que la psicóloga ha malinterpretado algo que dijo el paciente por una referencia cultural. ¿Qué debería hacer?',
                  options: [
                    { text: 'Decir tanto a la psicóloga como al paciente que puede haber un malentendido y ofrecerse a explicar la referencia, dejando claro que es una aportación suya.', feedback: 'Correcto. La transparencia permite a ambas partes aclarar los significados sin que la mediadora se adueñe de la conversación.' },
                    { text: 'Cambiar en silencio la traducción para que la psicóloga lo entienda bien.', feedback: 'Cambiar el mensaje sin decirlo quita la voz al paciente y la capacidad de juicio al profesional; haga visible su aportación.' },
                    { text: 'No decir nada, porque una mediadora nunca debe intervenir.', feedback: 'Los mediadores pueden y deben señalar posibles malentendidos; lo importante es hacerlo abiertamente.' },
                    { text: 'Explicar en privado al paciente, en su idioma, lo que quería decir la psicóloga, sin interpretarlo.', feedback: 'Las conversaciones aparte excluyen al profesional y confunden los papeles; todo debe compartirse con ambas partes.' },
                  ],
                },
                el: {
                  kind: 'check',
                  question: 'Κατά τη διάρκεια μιας συνεδρίας, η μεσολαβήτρια πιστεύει ότι η ψυχολόγος παρεξήγησε κάτι που είπε ο ασθενής εξαιτίας μιας πολιτισμικής αναφοράς. Τι πρέπει να κάνει;',
                  options: [
                    { text: 'Να πει και στην ψυχολόγο και στον ασθενή ότι ίσως υπάρχει παρεξήγηση και να προσφερθεί να εξηγήσει την αναφορά, ξεκαθαρίζοντας ότι πρόκειται για δική της συμβολή.', feedback: 'Σωστά. Η διαφάνεια επιτρέπει και στις δύο πλευρές να διευκρινίσουν τα νοήματα χωρίς η μεσολαβήτρια να πάρει τον έλεγχο της συζήτησης.' },
                    { text: 'Να αλλάξει σιωπηλά τη μετάφραση ώστε η ψυχολόγος να καταλάβει σωστά.', feedback: 'Αν αλλάξετε το μήνυμα χωρίς να το πείτε, στερείτε τον ασθενή από τη φωνή του και τον επαγγελματία από τη δυνατότητα να κρίνει· κάντε αντίθετα ορατή τη συμβολή σας.' },
                    { text: 'Να μην πει τίποτα, γιατί μια μεσολαβήτρια δεν πρέπει ποτέ να παρεμβαίνει.', feedback: 'Οι μεσολαβητές μπορούν και πρέπει να επισημαίνουν πιθανές παρεξηγήσεις· σημασία έχει να το κάνουν ανοιχτά.' },
                    { text: 'Να εξηγήσει ιδιαιτέρως στον ασθενή, στη γλώσσα του, τι εννοούσε η ψυχολόγος, χωρίς να το αποδώσει σε διερμηνεία.', feedback: 'Οι παράπλευρες συζητήσεις αποκλείουν τον επαγγελματία και θολώνουν τους ρόλους· όλα πρέπει να μοιράζονται και με τις δύο πλευρές.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Confidentiality and trust' },
            it: { title: 'Riservatezza e fiducia' },
            de: { title: 'Vertraulichkeit und Vertrauen' },
            es: { title: 'Confidencialidad y confianza' },
            el: { title: 'Απόρρητο και εμπιστοσύνη' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Trust is the basis of any helping relationship, and for many migrants and refugees it does not come easily. People may have had good reasons to fear authorities, informers or gossip, and they may worry that what they say will reach their community, their family or the asylum authorities.

**Confidentiality** means that what you learn in your work is not shared beyond the team and the purposes for which it was gathered. It applies to interpreters, mediators, operators and volunteers just as it does to health professionals. In practice:

- do not talk about people or their stories with friends, family or other residents, even without names, if they could be recognised;
- be careful with phones, messages and social media, and never photograph documents or people without consent;
- share information within the team only when it is needed to help the person, and tell the person what is shared and why.

Confidentiality has **limits**. If someone’s life or safety is at serious risk, or a child is at risk of harm, the information must be passed to the responsible professionals, following your organisation’s procedures. Explain these limits honestly at the start, so that people are not taken by surprise later: it is better than promising a secrecy you cannot keep.`,
                },
                it: {
                  kind: 'text',
                  markdown: `La fiducia è alla base di ogni relazione d’aiuto e, per molti migranti e rifugiati, non nasce facilmente. Le persone possono aver avuto buone ragioni per temere le autorità, gli informatori o i pettegolezzi, e possono preoccuparsi che ciò che dicono arrivi alla loro comunità, alla famiglia o alle autorità che decidono sull’asilo.

**Riservatezza** significa che ciò che apprendete nel vostro lavoro non viene condiviso al di fuori dell’équipe e degli scopi per cui è stato raccolto. Vale per interpreti, mediatori, operatori e volontari esattamente come per i professionisti sanitari. In pratica:

- non parlate delle persone o delle loro storie con amici, familiari o altri ospiti, nemmeno senza nomi, se potrebbero essere riconosciute;
- fate attenzione a telefoni, messaggi e social media, e non fotografate mai documenti o persone senza consenso;
- condividete informazioni all’interno dell’équipe solo quando servono ad aiutare la persona, e ditele che cosa viene condiviso e perché.

La riservatezza ha dei **limiti**. Se la vita o la sicurezza di qualcuno sono in grave pericolo, o un bambino rischia di subire un danno, le informazioni vanno trasmesse ai professionisti responsabili, secondo le procedure della vostra organizzazione. Spiegate questi limiti con onestà fin dall’inizio, così che le persone non siano colte di sorpresa più tardi: è meglio che promettere un segreto che non potete mantenere.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Khadija at the market',
                  markdown: `Khadija works as a cultural mediator in a mental-health outpatient service. For several months she has interpreted in the sessions of Samira, a young woman from her own language community who is being treated for depression after the death of her husband.

On Saturday, at the market, an older woman from the community stops Khadija. “I saw Samira going into that clinic with you,” she says. “Is she ill? Her mother-in-law is very worried. You can tell me; we are all family here.” Other people are standing close by.`,
                  prompts: [
                    'How could Khadija reply in a way that protects Samira without being rude?',
                    'Should Khadija tell anyone about this conversation, and if so, whom?',
                    'What could the team do in advance to prepare mediators for situations like this?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'Khadija al mercato',
                  markdown: `Khadija lavora come mediatrice culturale in un servizio ambulatoriale di salute mentale. Da alcuni mesi interpreta nelle sedute di Samira, una giovane donna della sua stessa comunità linguistica, in cura per una depressione dopo la morte del marito.

Sabato, al mercato, una donna anziana della comunità ferma Khadija. «Ho visto Samira entrare in quell’ambulatorio con te», le dice. «È malata? Sua suocera è molto preoccupata. A me puoi dirlo, qui siamo tutti una famiglia.» Intorno, a pochi passi, ci sono altre persone.`,
                  prompts: [
                    'Come potrebbe rispondere Khadija in modo da proteggere Samira senza essere scortese?',
                    'Khadija dovrebbe riferire a qualcuno questa conversazione? Se sì, a chi?',
                    'Che cosa potrebbe fare l’équipe in anticipo per preparare i mediatori a situazioni come questa?',
                  ],
                },
              },
            },
            {
              data: { correct: [3] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'A resident tells a volunteer that she is thinking of ending her life and asks her not to tell anyone. What should the volunteer do?',
                  options: [
                    { text: 'Keep the secret, because confidentiality must always be respected.', feedback: 'Confidentiality has limits: when a life is at risk, the responsible professionals must be informed.' },
                    { text: 'Tell the other residents, so that they can keep an eye on her.', feedback: 'This would breach her privacy without making her safer; the information should go to the responsible staff, not to other residents.' },
                    { text: 'Post a message in the volunteers’ group chat asking for advice.', feedback: 'A group chat is neither a safe nor an appropriate channel; use your organisation’s procedure for urgent concerns.' },
                    { text: 'Stay with her, explain kindly that her safety matters too much to keep this secret, and alert the responsible staff or health services at once.', feedback: 'Correct. Her safety comes first; being honest with her about why you must share the information helps to preserve her trust.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Un’ospite confida a una volontaria che sta pensando di togliersi la vita e le chiede di non dirlo a nessuno. Che cosa dovrebbe fare la volontaria?',
                  options: [
                    { text: 'Mantenere il segreto, perché la riservatezza va sempre rispettata.', feedback: 'La riservatezza ha dei limiti: quando una vita è in pericolo, i professionisti responsabili devono essere informati.' },
                    { text: 'Dirlo agli altri ospiti, perché la tengano d’occhio.', feedback: 'Violerebbe la sua privacy senza renderla più sicura; l’informazione va data al personale responsabile, non agli altri ospiti.' },
                    { text: 'Scrivere nel gruppo di chat dei volontari per chiedere consiglio.', feedback: 'Una chat di gruppo non è un canale sicuro né appropriato; seguite la procedura della vostra organizzazione per le situazioni urgenti.' },
                    { text: 'Restare con lei, spiegarle con gentilezza che la sua sicurezza è troppo importante per tenerlo segreto, e allertare subito il personale responsabile o i servizi sanitari.', feedback: 'Esatto. La sua sicurezza viene prima di tutto; essere sinceri con lei sul perché dovete condividere l’informazione aiuta a preservare la fiducia.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      texts: {
        en: { title: 'Supporting others, caring for yourself' },
        it: { title: 'Sostenere gli altri, prendersi cura di sé' },
        de: { title: 'Andere unterstützen, für sich selbst sorgen' },
        es: { title: 'Apoyar a los demás, cuidar de uno mismo' },
        el: { title: 'Στηρίζοντας τους άλλους, φροντίζοντας τον εαυτό σας' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Vicarious trauma and self-care' },
            it: { title: 'Trauma vicario e cura di sé' },
            de: { title: 'Sekundäre Traumatisierung und Selbstfürsorge' },
            es: { title: 'Trauma vicario y autocuidado' },
            el: { title: 'Δευτερογενές τραύμα και αυτοφροντίδα' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Listening to stories of violence, loss and fear, often in the first person, as interpreters do, affects the listener. This is not a sign of weakness; it is a normal consequence of empathic work.

- **Vicarious trauma** is a gradual change in the way a helper sees the world, other people and themselves, as a result of repeated exposure to other people’s traumatic experiences. It can include intrusive images from the stories heard, a sense that the world is unsafe, or a loss of hope.
- **Compassion fatigue** describes emotional exhaustion and a reduced capacity for empathy.
- **Burnout** is linked more to working conditions, such as heavy workloads, lack of support and unclear roles, and shows as exhaustion, cynicism and a feeling of being ineffective.

Warning signs include poor sleep, irritability, avoiding certain people or topics, feeling numb, working longer and longer hours, or using alcohol or other substances to unwind.

Interpreters, mediators and reception staff with a migration history of their own may find that some stories echo their own experiences. This is understandable and deserves attention, not silence.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Ascoltare storie di violenza, perdita e paura, spesso in prima persona come fanno gli interpreti, ha un effetto su chi ascolta. Non è un segno di debolezza: è una conseguenza normale di un lavoro empatico.

- Il **trauma vicario** è un cambiamento graduale nel modo in cui chi aiuta vede il mondo, gli altri e se stesso, dovuto all’esposizione ripetuta alle esperienze traumatiche altrui. Può comprendere immagini intrusive legate alle storie ascoltate, la sensazione che il mondo non sia sicuro o una perdita di speranza.
- La **fatica da compassione** (*compassion fatigue*) indica un esaurimento emotivo e una ridotta capacità di provare empatia.
- Il **burnout** è legato soprattutto alle condizioni di lavoro, come carichi eccessivi, mancanza di sostegno e ruoli poco chiari, e si manifesta con esaurimento, cinismo e la sensazione di non essere efficaci.

Tra i segnali d’allarme: dormire male, irritabilità, evitare certe persone o certi argomenti, sentirsi emotivamente spenti, lavorare sempre più a lungo, usare alcol o altre sostanze per staccare.

Interpreti, mediatori e operatori dell’accoglienza che hanno a loro volta una storia di migrazione possono accorgersi che alcune storie risuonano con la propria esperienza. È comprensibile e merita attenzione, non silenzio.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `### Caring for yourself, and being cared for

Self-care is not only an individual task: organisations have a responsibility to protect the people who work for them. Useful practices at both levels include:

- **Before**: being told what to expect from an assignment, and having the option to decline when it is too close to home.
- **During**: agreed signals to pause a session, and short breaks between demanding appointments.
- **After**: a debriefing with the professional, and regular supervision or peer-support groups where difficult situations can be discussed.
- **In daily life**: routines that restore energy, such as sleep, movement, time with the people who matter to you, faith or creative activities, and a clear boundary between work and home.

Notice your own signs early and talk about them with a colleague or supervisor. If distress persists, for example sleep problems, intrusive images or low mood lasting for weeks, seeking professional help is good practice, just as you would advise others to do.`,
                },
                it: {
                  kind: 'text',
                  markdown: `### Prendersi cura di sé, ed essere curati

La cura di sé non è solo un compito individuale: le organizzazioni hanno la responsabilità di proteggere chi lavora per loro. Alcune pratiche utili, a entrambi i livelli:

- **Prima**: sapere che cosa aspettarsi da un incarico e poter rifiutare quando tocca troppo da vicino la propria storia.
- **Durante**: segnali concordati per interrompere una seduta e brevi pause tra un appuntamento impegnativo e l’altro.
- **Dopo**: un debriefing con il professionista e momenti regolari di supervisione o gruppi di confronto tra pari in cui discutere le situazioni difficili.
- **Nella vita quotidiana**: abitudini che ridanno energia, come il sonno, il movimento, il tempo con le persone care, la fede o attività creative, e un confine chiaro tra lavoro e casa.

Imparate a notare presto i vostri segnali e parlatene con un collega o con chi vi supervisiona. Se il malessere persiste, per esempio disturbi del sonno, immagini intrusive o umore basso che durano settimane, chiedere un aiuto professionale è una buona pratica, esattamente come lo consigliereste ad altri.`,
                },
              },
            },
            {
              data: { correct: [1] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'An interpreter who has worked for months with people who survived torture notices that she sleeps badly, feels on edge in crowds and avoids certain news. What is the most appropriate response?',
                  options: [
                    { text: 'Ignore it: it is part of the job and will pass.', feedback: 'These signs may point to vicarious trauma; ignoring them can let them get worse.' },
                    { text: 'Talk about it with her supervisor or team, use debriefing and supervision, and seek professional help if the signs persist.', feedback: 'Correct. Recognising the signs early and using organisational and personal support is the best protection.' },
                    { text: 'Stop interpreting in mental-health settings immediately and for good.', feedback: 'A break or a change of assignments may help, but with support many interpreters continue this work well.' },
                    { text: 'Take on more assignments, to keep busy and avoid thinking.', feedback: 'Overwork tends to increase the risk of burnout rather than reduce it.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Un’interprete che da mesi lavora con persone sopravvissute alla tortura si accorge di dormire male, di sentirsi tesa tra la folla e di evitare certe notizie. Qual è la risposta più appropriata?',
                  options: [
                    { text: 'Ignorare la cosa: fa parte del lavoro e passerà.', feedback: 'Questi segnali possono indicare un trauma vicario; ignorarli può farli peggiorare.' },
                    { text: 'Parlarne con chi la supervisiona o con l’équipe, usare debriefing e supervisione, e chiedere un aiuto professionale se i segnali persistono.', feedback: 'Esatto. Riconoscere presto i segnali e usare il sostegno organizzativo e personale è la protezione migliore.' },
                    { text: 'Smettere subito e per sempre di interpretare nei contesti di salute mentale.', feedback: 'Una pausa o un cambio di incarichi possono aiutare, ma con un sostegno adeguato molti interpreti continuano a fare bene questo lavoro.' },
                    { text: 'Accettare più incarichi, per tenersi occupata ed evitare di pensare.', feedback: 'Il sovraccarico tende ad aumentare il rischio di burnout, non a ridurlo.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 20,
          texts: {
            en: { title: 'Supporting residents and alerting health services' },
            it: { title: 'Sostenere gli ospiti e allertare i servizi sanitari' },
            de: { title: 'Bewohnerinnen und Bewohner unterstützen, Gesundheitsdienste einschalten' },
            es: { title: 'Apoyar a los residentes y avisar a los servicios sanitarios' },
            el: { title: 'Στήριξη των φιλοξενουμένων και ειδοποίηση των υπηρεσιών υγείας' },
          },
          blocks: [
            {
              texts: {
                en: {
                  kind: 'text',
                  markdown: `Reception-centre staff, counsellors and volunteers cannot replace health services, but their everyday work has a real effect on residents’ mental health. Simple things make a difference:

- **Predictability**: clear information about rules, procedures and what will happen next; advance notice of transfers and changes.
- **Respect and a sense of control**: involving residents in decisions about daily life, respecting privacy, calling people by their names.
- **Meaningful activity**: language courses, work or training, sport, cultural and religious activities.
- **Connection**: helping people stay in touch with their families and with community groups and services outside the centre.
- **Listening**: a few minutes of attentive, unhurried listening, without pressing for details of the past.

### When to alert health services

Some signs call for contact with a doctor or a mental-health service, and some for an emergency response:

- talk of suicide or self-harm, giving belongings away, saying goodbye;
- not eating or drinking, or not getting out of bed for days;
- confusion, or speech and behaviour that are very unusual for the person, hearing or seeing things others do not;
- aggression or threats towards others;
- heavy use of alcohol or drugs.

When in doubt, ask a colleague and follow your centre’s procedure. In an emergency, do not leave the person alone and call the emergency services.`,
                },
                it: {
                  kind: 'text',
                  markdown: `Operatori dell’accoglienza, counsellor e volontari non sostituiscono i servizi sanitari, ma il loro lavoro quotidiano incide davvero sulla salute mentale degli ospiti. Cose semplici fanno la differenza:

- **Prevedibilità**: informazioni chiare su regole, procedure e passi successivi; preavviso per trasferimenti e cambiamenti.
- **Rispetto e senso di controllo**: coinvolgere gli ospiti nelle decisioni sulla vita quotidiana, rispettare la privacy, chiamare le persone per nome.
- **Attività che hanno senso**: corsi di lingua, lavoro o formazione, sport, attività culturali e religiose.
- **Legami**: aiutare a mantenere i contatti con la famiglia, la comunità e i servizi esterni.
- **Ascolto**: qualche minuto di ascolto attento e senza fretta, senza insistere sui dettagli del passato.

### Quando allertare i servizi sanitari

Alcuni segnali richiedono di contattare un medico o un servizio di salute mentale, altri una risposta di emergenza:

- parlare di suicidio o di farsi del male, regalare le proprie cose, salutare come per un addio;
- non mangiare o non bere, o non alzarsi dal letto per giorni;
- confusione, discorsi o comportamenti molto insoliti per la persona, percepire cose che gli altri non percepiscono;
- aggressività o minacce verso altri;
- uso massiccio di alcol o droghe.

Nel dubbio, chiedete a un collega e seguite la procedura del vostro centro. In caso di emergenza, non lasciate sola la persona e chiamate i servizi di emergenza.`,
                },
              },
            },
            {
              texts: {
                en: {
                  kind: 'vignette',
                  title: 'Ibrahim’s closed door',
                  markdown: `Ibrahim, 35, has lived in the reception centre for a year. He was one of the most active residents, helping in the kitchen and translating for newcomers. Two weeks ago he received a negative decision on his asylum claim; his lawyer is preparing an appeal.

Since then he has stopped coming to meals. His roommate tells Paolo, the night operator, that Ibrahim has given away his phone and his good jacket, saying: “I won’t need them any more.” When Paolo knocks, Ibrahim says through the door that he is fine and just wants to sleep.`,
                  prompts: [
                    'Which warning signs can you see in Ibrahim’s situation?',
                    'What should Paolo do now, and what could he say to Ibrahim?',
                    'Whom should the centre involve, and how quickly?',
                  ],
                },
                it: {
                  kind: 'vignette',
                  title: 'La porta chiusa di Ibrahim',
                  markdown: `Ibrahim, 35 anni, vive nel centro di accoglienza da un anno. Era uno degli ospiti più attivi: aiutava in cucina e faceva da interprete per i nuovi arrivati. Due settimane fa ha ricevuto il diniego della domanda d’asilo; il suo avvocato sta preparando il ricorso.

Da allora non viene più ai pasti. Il compagno di stanza racconta a Paolo, l’operatore del turno di notte, che Ibrahim ha regalato il telefono e la giacca buona dicendo: «Non mi servono più». Quando Paolo bussa, Ibrahim risponde da dietro la porta che sta bene e vuole solo dormire.`,
                  prompts: [
                    'Quali segnali d’allarme riconoscete nella situazione di Ibrahim?',
                    'Che cosa dovrebbe fare adesso Paolo, e che cosa potrebbe dire a Ibrahim?',
                    'Chi dovrebbe coinvolgere il centro, e con quale urgenza?',
                  ],
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                en: {
                  kind: 'check',
                  question: 'Which of these situations should prompt a reception-centre operator to alert health services straight away?',
                  options: [
                    { text: 'A resident who misses her family and cries after phone calls home.', feedback: 'Sadness after contact with family is understandable; offer a listening ear and keep an eye on how she is, but it is not in itself an alarm.' },
                    { text: 'A resident who complains about the food and the Wi-Fi.', feedback: 'Complaints about daily life deserve an answer but are not a health concern.' },
                    { text: 'A resident who has not eaten for days, hardly leaves his bed and says life has no meaning.', feedback: 'Correct. Not eating, withdrawal and hopelessness are warning signs that call for prompt contact with health services.' },
                    { text: 'A resident who prefers to pray alone rather than with others.', feedback: 'Religious practice is a personal choice and often a resource, not a warning sign.' },
                  ],
                },
                it: {
                  kind: 'check',
                  question: 'Quale di queste situazioni dovrebbe spingere un operatore dell’accoglienza ad allertare subito i servizi sanitari?',
                  options: [
                    { text: 'Un’ospite che sente la mancanza della famiglia e piange dopo le telefonate a casa.', feedback: 'La tristezza dopo il contatto con la famiglia è comprensibile; offrite ascolto e tenete d’occhio come sta, ma di per sé non è un allarme.' },
                    { text: 'Un ospite che si lamenta del cibo e del wi-fi.', feedback: 'Le lamentele sulla vita quotidiana meritano una risposta, ma non sono un problema di salute.' },
                    { text: 'Un ospite che non mangia da giorni, si alza a stento dal letto e dice che la vita non ha senso.', feedback: 'Esatto. Non mangiare, ritirarsi e la perdita di speranza sono segnali d’allarme che richiedono un contatto tempestivo con i servizi sanitari.' },
                    { text: 'Un ospite che preferisce pregare da solo piuttosto che con gli altri.', feedback: 'La pratica religiosa è una scelta personale e spesso una risorsa, non un segnale d’allarme.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  ],
  questions: [
    {
      competence: 'roles-and-boundaries',
      correct: 0,
      texts: {
        en: {
          stem: 'What is the main task of an interpreter in a mental-health consultation?',
          options: [
            'To render everything that is said, completely and accurately, including tone and emotion.',
            'To decide which parts of the conversation are important enough to translate.',
            'To reassure the patient by softening difficult messages.',
            'To give the patient advice after the consultation.',
          ],
          feedback: [
            'Correct. Complete and accurate rendering lets clinician and patient communicate directly.',
            'Selecting content deprives the professional of clinical information and the patient of their own voice.',
            'Softening messages changes their meaning; if something seems too harsh, raise it openly.',
            'Advice is outside the interpreter’s role; observations should be brought to the professional.',
          ],
        },
        it: {
          stem: 'Qual è il compito principale di un interprete in una visita di salute mentale?',
          options: [
            'Rendere tutto ciò che viene detto, in modo completo e accurato, compresi tono ed emozioni.',
            'Decidere quali parti della conversazione sono abbastanza importanti da tradurre.',
            'Rassicurare il paziente addolcendo i messaggi difficili.',
            'Dare consigli al paziente dopo la visita.',
          ],
          feedback: [
            'Esatto. Una resa completa e accurata permette a clinico e paziente di comunicare direttamente.',
            'Selezionare i contenuti priva il professionista di informazioni cliniche e il paziente della propria voce.',
            'Addolcire i messaggi ne cambia il significato; se qualcosa sembra troppo duro, segnalatelo apertamente.',
            'I consigli non rientrano nel ruolo dell’interprete; le osservazioni vanno riportate al professionista.',
          ],
        },
      },
    },
    {
      competence: 'roles-and-boundaries',
      correct: 2,
      texts: {
        en: {
          stem: 'How does the role of a cultural mediator differ from that of an interpreter?',
          options: [
            'Mediators never translate.',
            'Mediators are allowed to take clinical decisions.',
            'Mediators also help both sides understand meanings, expectations and how services work.',
            'Mediators work only with people from their own country.',
          ],
          feedback: [
            'Mediators often interpret as part of their work.',
            'Clinical decisions remain with the health professional.',
            'Correct. Besides interpreting, mediators bridge cultural meanings and help people find their way through services.',
            'Mediators often work with people from many countries who share a language.',
          ],
        },
        it: {
          stem: 'In che cosa si differenzia il ruolo del mediatore culturale da quello dell’interprete?',
          options: [
            'I mediatori non traducono mai.',
            'I mediatori possono prendere decisioni cliniche.',
            'I mediatori aiutano anche entrambe le parti a comprendere significati, aspettative e funzionamento dei servizi.',
            'I mediatori lavorano solo con persone del proprio paese.',
          ],
          feedback: [
            'I mediatori spesso interpretano come parte del loro lavoro.',
            'Le decisioni cliniche restano al professionista sanitario.',
            'Esatto. Oltre a interpretare, i mediatori fanno da ponte tra significati culturali e aiutano le persone a orientarsi tra i servizi.',
            'I mediatori lavorano spesso con persone di molti paesi che condividono una lingua.',
          ],
        },
      },
    },
    {
      competence: 'roles-and-boundaries',
      correct: 3,
      texts: {
        en: {
          stem: 'A mediator meets a patient she works with at a community celebration. What is the best way to behave?',
          options: [
            'Ask the patient how the therapy is going.',
            'Pretend not to know the patient.',
            'Explain to the people she is with how she knows the patient.',
            'Greet the patient courteously, without referring to their meetings at the service.',
          ],
          feedback: [
            'Talking about therapy in public breaches confidentiality.',
            'Ignoring the patient may feel hurtful; a simple greeting, following the patient’s lead, is usually best.',
            'This would reveal that the person uses a mental-health service.',
            'Correct. A courteous greeting respects the relationship while protecting confidentiality.',
          ],
        },
        it: {
          stem: 'Una mediatrice incontra a una festa della comunità una paziente che segue. Qual è il comportamento migliore?',
          options: [
            'Chiederle come va la terapia.',
            'Fingere di non conoscerla.',
            'Spiegare alle persone con cui si trova come la conosce.',
            'Salutarla con cortesia, senza fare riferimento agli incontri al servizio.',
          ],
          feedback: [
            'Parlare della terapia in pubblico viola la riservatezza.',
            'Ignorarla può ferirla; di solito un semplice saluto, seguendo l’atteggiamento della paziente, è la scelta migliore.',
            'Rivelerebbe che la persona si rivolge a un servizio di salute mentale.',
            'Esatto. Un saluto cortese rispetta la relazione e tutela la riservatezza.',
          ],
        },
      },
    },
    {
      competence: 'confidentiality',
      correct: 1,
      texts: {
        en: {
          stem: 'Which of these is a breach of confidentiality?',
          options: [
            'Sharing with the psychologist, after the session, an observation relevant to the patient’s care.',
            'Telling a friend about a “very sad case” with details that could identify the person.',
            'Informing the responsible staff that a resident has spoken about suicide.',
            'Keeping session notes in a locked cabinet.',
          ],
          feedback: [
            'Sharing relevant information within the team, for the person’s care, is appropriate.',
            'Correct. Even without a name, details that could identify the person must not be shared outside work.',
            'When a life is at risk, informing the responsible professionals is required.',
            'This protects confidentiality.',
          ],
        },
        it: {
          stem: 'Quale di questi comportamenti viola la riservatezza?',
          options: [
            'Condividere con la psicologa, dopo la seduta, un’osservazione utile alla cura del paziente.',
            'Raccontare a un amico un «caso tristissimo» con dettagli che permettono di riconoscere la persona.',
            'Informare il personale responsabile che un ospite ha parlato di suicidio.',
            'Conservare gli appunti delle sedute in un armadio chiuso a chiave.',
          ],
          feedback: [
            'Condividere informazioni rilevanti all’interno dell’équipe, per la cura della persona, è appropriato.',
            'Esatto. Anche senza nome, i dettagli che permettono di riconoscere la persona non vanno condivisi fuori dal lavoro.',
            'Quando una vita è in pericolo, informare i professionisti responsabili è doveroso.',
            'Questo tutela la riservatezza.',
          ],
        },
      },
    },
    {
      competence: 'confidentiality',
      correct: 3,
      texts: {
        en: {
          stem: 'When is the best time to explain the limits of confidentiality to a person?',
          options: [
            'Only if a risk situation arises.',
            'Never, as it might make them less willing to talk.',
            'At the end of the relationship.',
            'At the start, in simple words, so that they are not surprised later.',
          ],
          feedback: [
            'Explaining the limits only when a risk arises can feel like a betrayal.',
            'Hiding the limits may seem easier, but it undermines trust when they apply.',
            'By then it is too late to be useful.',
            'Correct. Honest information at the start builds trust and respects the person’s choices.',
          ],
        },
        it: {
          stem: 'Qual è il momento migliore per spiegare a una persona i limiti della riservatezza?',
          options: [
            'Solo se si presenta una situazione di rischio.',
            'Mai, perché potrebbe renderla meno disposta a parlare.',
            'Alla fine della relazione.',
            'All’inizio, con parole semplici, così che non sia sorpresa più avanti.',
          ],
          feedback: [
            'Spiegare i limiti solo quando c’è un rischio può essere vissuto come un tradimento.',
            'Nascondere i limiti può sembrare più facile, ma mina la fiducia quando entrano in gioco.',
            'A quel punto è troppo tardi perché sia utile.',
            'Esatto. Un’informazione onesta fin dall’inizio costruisce fiducia e rispetta le scelte della persona.',
          ],
        },
      },
    },
    {
      competence: 'confidentiality',
      correct: 0,
      texts: {
        en: {
          stem: 'A resident’s relative phones the centre asking for news about her health. What should the operator do?',
          options: [
            'Share no information without the resident’s consent, and offer to pass on a message.',
            'Share the information, since relatives have a right to know.',
            'Give only general information about her diagnosis.',
            'Tell the relative to call the hospital directly for details.',
          ],
          feedback: [
            'Correct. Health information belongs to the person; passing on a message respects both her privacy and the family’s concern.',
            'Adults decide who may know about their health, relatives included.',
            'Even general information about a diagnosis is confidential.',
            'This still reveals that she is in hospital and sidesteps her choice.',
          ],
        },
        it: {
          stem: 'Un parente di un’ospite telefona al centro per avere notizie sulla sua salute. Che cosa dovrebbe fare l’operatore?',
          options: [
            'Non fornire alcuna informazione senza il consenso dell’ospite e offrirsi di farle arrivare un messaggio.',
            'Fornire le informazioni, perché i parenti hanno diritto di sapere.',
            'Dare solo informazioni generali sulla diagnosi.',
            'Dire al parente di chiamare direttamente l’ospedale per i dettagli.',
          ],
          feedback: [
            'Esatto. Le informazioni sulla salute appartengono alla persona; trasmetterle un messaggio rispetta sia la sua privacy sia la preoccupazione della famiglia.',
            'Le persone adulte decidono chi può sapere della loro salute, parenti compresi.',
            'Anche le informazioni generali su una diagnosi sono riservate.',
            'Così si rivela comunque che è in ospedale e si aggira la sua scelta.',
          ],
        },
      },
    },
    {
      competence: 'vicarious-trauma-and-self-care',
      correct: 2,
      texts: {
        en: {
          stem: 'What is vicarious trauma?',
          options: [
            'A trauma experienced directly during one’s own migration.',
            'A conflict between colleagues.',
            'A gradual change in a helper’s outlook and well-being caused by repeated exposure to other people’s traumatic experiences.',
            'A disorder that affects only inexperienced staff.',
          ],
          feedback: [
            'Direct trauma is something different, although one’s own history can make vicarious trauma more likely.',
            'Conflicts at work can contribute to burnout, but they are not vicarious trauma.',
            'Correct. Vicarious trauma arises from empathic engagement with other people’s trauma.',
            'Experienced staff can be affected too; it is linked to exposure, not to inexperience.',
          ],
        },
        it: {
          stem: 'Che cos’è il trauma vicario?',
          options: [
            'Un trauma vissuto direttamente durante la propria migrazione.',
            'Un conflitto tra colleghi.',
            'Un cambiamento graduale nella visione del mondo e nel benessere di chi aiuta, dovuto all’esposizione ripetuta alle esperienze traumatiche altrui.',
            'Un disturbo che colpisce solo il personale inesperto.',
          ],
          feedback: [
            'Il trauma diretto è un’altra cosa, anche se la propria storia può rendere più probabile il trauma vicario.',
            'I conflitti sul lavoro possono contribuire al burnout, ma non sono trauma vicario.',
            'Esatto. Il trauma vicario nasce dal coinvolgimento empatico con il trauma di altre persone.',
            'Può riguardare anche il personale esperto; è legato all’esposizione, non all’inesperienza.',
          ],
        },
      },
    },
    {
      competence: 'vicarious-trauma-and-self-care',
      correct: 0,
      texts: {
        en: {
          stem: 'Which of these is a responsibility of the organisation, not only of the individual?',
          options: [
            'Providing regular supervision, debriefing and reasonable workloads.',
            'Getting enough sleep.',
            'Doing sport or creative activities.',
            'Spending time with friends and family.',
          ],
          feedback: [
            'Correct. Organisations share responsibility for the well-being of their staff and volunteers.',
            'Sleep is an important part of personal self-care.',
            'These are useful personal strategies.',
            'Social connection is part of personal self-care.',
          ],
        },
        it: {
          stem: 'Quale di queste è una responsabilità dell’organizzazione, e non solo della singola persona?',
          options: [
            'Garantire supervisione regolare, debriefing e carichi di lavoro ragionevoli.',
            'Dormire a sufficienza.',
            'Fare sport o attività creative.',
            'Passare del tempo con amici e familiari.',
          ],
          feedback: [
            'Esatto. Le organizzazioni condividono la responsabilità del benessere del proprio personale e dei volontari.',
            'Il sonno è una parte importante della cura di sé personale.',
            'Sono strategie personali utili.',
            'I legami sociali fanno parte della cura di sé personale.',
          ],
        },
      },
    },
    {
      competence: 'vicarious-trauma-and-self-care',
      correct: 1,
      texts: {
        en: {
          stem: 'An interpreter is asked to interpret for a person from her own home town who describes events she lived through herself. What is the most appropriate step?',
          options: [
            'Accept without saying anything, to show professionalism.',
            'Tell the coordinator, and discuss whether to accept and how she could be supported.',
            'Accept, but leave out the parts that are too painful.',
            'Share her own experience with the person to create a bond.',
          ],
          feedback: [
            'Silence can expose her to serious distress and affect the quality of the interpreting.',
            'Correct. Being able to decline, or to receive support, when an assignment is close to one’s own history is good practice.',
            'Leaving out content breaches accuracy and deprives the person and the professional of information.',
            'Self-disclosure shifts the focus away from the person and blurs the interpreter’s role.',
          ],
        },
        it: {
          stem: 'A un’interprete viene chiesto di interpretare per una persona della sua stessa città di origine, che racconta eventi che lei stessa ha vissuto. Qual è il passo più appropriato?',
          options: [
            'Accettare senza dire nulla, per dimostrare professionalità.',
            'Informare il coordinatore e valutare insieme se accettare e come essere sostenuta.',
            'Accettare, ma tralasciare le parti troppo dolorose.',
            'Condividere con la persona la propria esperienza per creare un legame.',
          ],
          feedback: [
            'Il silenzio può esporla a una forte sofferenza e compromettere la qualità dell’interpretazione.',
            'Esatto. Poter rifiutare, o ricevere sostegno, quando un incarico tocca da vicino la propria storia è una buona pratica.',
            'Tralasciare contenuti viola l’accuratezza e priva la persona e il professionista di informazioni.',
            'Raccontare di sé sposta l’attenzione dalla persona e confonde il ruolo dell’interprete.',
          ],
        },
      },
    },
    {
      competence: 'alerting-health-services',
      correct: 3,
      texts: {
        en: {
          stem: 'Which everyday practice in a reception centre supports residents’ mental health?',
          options: [
            'Announcing transfers at the last minute, to avoid anxiety.',
            'Discouraging contact with family back home, to help residents settle in.',
            'Asking residents to tell their story to every new operator.',
            'Giving clear information in advance about procedures and changes.',
          ],
          feedback: [
            'Last-minute changes increase insecurity; advance notice helps people prepare.',
            'Contact with family is usually a source of support.',
            'Repeating painful stories is unnecessary and can be distressing.',
            'Correct. Predictability and clear information reduce stress and give people a sense of control.',
          ],
        },
        it: {
          stem: 'Quale pratica quotidiana in un centro di accoglienza sostiene la salute mentale degli ospiti?',
          options: [
            'Comunicare i trasferimenti all’ultimo momento, per evitare l’ansia.',
            'Scoraggiare i contatti con la famiglia nel paese di origine, per favorire l’adattamento.',
            'Chiedere agli ospiti di raccontare la propria storia a ogni nuovo operatore.',
            'Dare in anticipo informazioni chiare su procedure e cambiamenti.',
          ],
          feedback: [
            'I cambiamenti all’ultimo momento aumentano l’insicurezza; il preavviso aiuta le persone a prepararsi.',
            'Il contatto con la famiglia è di solito una fonte di sostegno.',
            'Ripetere storie dolorose è inutile e può far stare male.',
            'Esatto. Prevedibilità e informazioni chiare riducono lo stress e danno alle persone un senso di controllo.',
          ],
        },
      },
    },
    {
      competence: 'alerting-health-services',
      correct: 1,
      texts: {
        en: {
          stem: 'A resident is acutely confused, does not know where he is and is shouting at people who are not there. What should staff do?',
          options: [
            'Let him sleep it off and check on him in the morning.',
            'Stay with him, keep the surroundings calm and call for urgent medical help.',
            'Lock him in his room until he calms down.',
            'Ask other residents to hold him down.',
          ],
          feedback: [
            'Acute confusion can have serious physical or psychiatric causes and needs an urgent assessment.',
            'Correct. Acute confusion is an emergency: stay with him, reduce stimulation and call for urgent help.',
            'Locking someone in is unsafe and may be unlawful; he needs urgent medical help.',
            'This is dangerous for everyone; call the trained emergency services.',
          ],
        },
        it: {
          stem: 'Un ospite è in uno stato confusionale acuto, non sa dove si trova e urla contro persone che non ci sono. Che cosa devono fare gli operatori?',
          options: [
            'Lasciarlo dormire e controllare come sta al mattino.',
            'Restare con lui, mantenere un ambiente calmo e chiamare un aiuto medico urgente.',
            'Chiuderlo a chiave in camera finché non si calma.',
            'Chiedere ad altri ospiti di trattenerlo.',
          ],
          feedback: [
            'Uno stato confusionale acuto può avere cause fisiche o psichiatriche gravi e richiede una valutazione urgente.',
            'Esatto. Lo stato confusionale acuto è un’emergenza: restate con lui, riducete gli stimoli e chiamate un aiuto urgente.',
            'Chiudere qualcuno a chiave non è sicuro e può essere illegittimo; ha bisogno di un aiuto medico urgente.',
            'È pericoloso per tutti; chiamate i servizi di emergenza, che hanno la formazione adeguata.',
          ],
        },
      },
    },
    {
      competence: 'alerting-health-services',
      correct: 2,
      texts: {
        en: {
          stem: 'When alerting a health service about a resident, which information is most useful?',
          options: [
            'Your personal opinion about the resident’s asylum case.',
            'Gossip from other residents about the person’s past.',
            'What you observed and since when, what the person said, any risk, and the language they speak.',
            'Only the resident’s name, to protect confidentiality.',
          ],
          feedback: [
            'The asylum case is not relevant to the health alert.',
            'Rumours are unreliable and breach the person’s privacy.',
            'Correct. Concrete observations, timing, risk and language help the service respond quickly and appropriately.',
            'Too little information can delay the response; share what is needed for the person’s safety and care.',
          ],
        },
        it: {
          stem: 'Quando si allerta un servizio sanitario per un ospite, quali informazioni sono più utili?',
          options: [
            'La vostra opinione personale sulla sua domanda d’asilo.',
            'Le voci che circolano tra gli altri ospiti sul suo passato.',
            'Che cosa avete osservato e da quando, che cosa ha detto la persona, eventuali rischi e la lingua che parla.',
            'Solo il nome dell’ospite, per tutelare la riservatezza.',
          ],
          feedback: [
            'La domanda d’asilo non è rilevante per la segnalazione sanitaria.',
            'Le voci non sono affidabili e violano la privacy della persona.',
            'Esatto. Osservazioni concrete, tempi, rischi e lingua aiutano il servizio a rispondere in modo rapido e appropriato.',
            'Troppe poche informazioni possono ritardare la risposta; condividete ciò che serve alla sicurezza e alla cura della persona.',
          ],
        },
      },
    },
  ],
};

/* ------------------------------------------------------------------------------------------------------------
 * 5. The PsychCare guidelines (interdisciplinary; written in Italian, translated into English)
 * ---------------------------------------------------------------------------------------------------------- */

const psychcareGuidelines: DemoCourse = {
  slug: 'psychcare-guidelines',
  sourceLocale: 'it',
  level: 'interdisciplinary',
  topics: ['guidelines', 'care-pathways', 'migration-and-health'],
  durationMinutes: 110,
  professions: ['psychologist', 'psychiatrist', 'social-worker', 'physician', 'nurse', 'cultural-mediator', 'reception-centre-operator'],
  credits: [
    { profession: 'psychologist', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'ecm', amount: 2 },
    { profession: 'physician', scheme: 'ecm', amount: 2 },
    { profession: 'nurse', scheme: 'ecm', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cme', amount: 2 },
    { profession: 'physician', scheme: 'cme', amount: 2 },
    { profession: 'psychologist', scheme: 'cpd', amount: 2 },
    { profession: 'psychiatrist', scheme: 'cpd', amount: 2 },
    { profession: 'social-worker', scheme: 'cpd', amount: 2 },
    { profession: 'physician', scheme: 'cpd', amount: 2 },
    { profession: 'nurse', scheme: 'cpd', amount: 2 },
    { profession: 'cultural-mediator', scheme: 'cpd', amount: 2 },
    { profession: 'reception-centre-operator', scheme: 'cpd', amount: 2 },
  ],
  texts: {
    it: {
      title: 'Le linee di indirizzo PsychCare: il percorso di cura per rifugiati e richiedenti asilo',
      summary: 'Un corso sulle linee di indirizzo nazionali per l’erogazione di servizi psicosociali ai rifugiati: le tappe del percorso di cura, i ruoli dell’accoglienza e dei servizi sanitari, il lavoro in rete.',
      outcomes: [
        'Descrivere le tappe del percorso di cura, dall’identificazione dei bisogni al follow-up.',
        'Distinguere lo screening svolto nei contesti di accoglienza dalla valutazione clinica dei servizi sanitari.',
        'Riconoscere i ruoli dei centri di accoglienza (CAS, SAI) e dei servizi sanitari (ASL, CSM, medici di medicina generale).',
        'Organizzare un invio e una presa in carico che garantiscano la continuità delle cure, anche in caso di trasferimento.',
        'Spiegare il contributo delle reti regionali al coordinamento tra accoglienza e sanità.',
      ],
      description: `In Italia l’accoglienza dei richiedenti asilo e la tutela della loro salute coinvolgono molti attori: centri di accoglienza straordinaria, progetti del Sistema di accoglienza e integrazione, aziende sanitarie, centri di salute mentale, medici di medicina generale, enti del terzo settore. Senza un linguaggio e un percorso comuni, i bisogni di salute mentale rischiano di emergere tardi o di perdersi tra un servizio e l’altro.

Le linee di indirizzo nazionali di PsychCare propongono un percorso condiviso per l’erogazione di servizi psicosociali ai rifugiati, dall’identificazione dei bisogni fino al follow-up. Questo corso ne presenta in termini generali l’impostazione e le tappe, con esempi pratici e spunti per il lavoro in rete. Per i contenuti specifici si rimanda sempre al testo delle linee di indirizzo e alle indicazioni della propria regione.`,
    },
    en: {
      title: 'The PsychCare guidelines: the care pathway for refugees and asylum seekers',
      summary: 'A course on Italy’s national guidelines for the provision of psychosocial services to refugees: the steps of the care pathway, the roles of reception and of health services, and working as a network.',
      outcomes: [
        'Describe the steps of the care pathway, from the identification of needs to follow-up.',
        'Distinguish screening carried out in reception settings from clinical assessment by health services.',
        'Recognise the roles of reception centres (CAS, SAI) and of health services (ASL, CSM, general practitioners).',
        'Organise a referral and a taking charge that ensure continuity of care, including when a person is transferred.',
        'Explain how regional networks help to coordinate reception and health care.',
      ],
      description: `In Italy, the reception of asylum seekers and the protection of their health involve many actors: emergency reception centres (CAS), projects of the reception and integration system (SAI), local health authorities, community mental-health centres, general practitioners and third-sector organisations. Without a shared language and pathway, mental-health needs may surface late or get lost between one service and the next.

PsychCare’s national guidelines propose a shared pathway for the provision of psychosocial services to refugees, from the identification of needs to follow-up. This course presents their approach and steps in general terms, with practical examples and ideas for working as a network. For specific content, always refer to the text of the guidelines and to the arrangements in your own region.`,
    },
  },
  modules: [
    {
      texts: {
        it: { title: 'Dall’identificazione alla presa in carico' },
        en: { title: 'From identification to taking charge' },
      },
      lessons: [
        {
          durationMinutes: 20,
          texts: {
            it: { title: 'Un percorso condiviso: identificazione e screening' },
            en: { title: 'A shared pathway: identification and screening' },
          },
          blocks: [
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### Perché un percorso condiviso

Richiedenti asilo e rifugiati entrano in contatto con molti servizi diversi, spesso in tempi brevi e con frequenti trasferimenti. I bisogni di salute mentale possono così emergere tardi, quando la sofferenza si è già aggravata, oppure essere segnalati più volte senza che nessuno se ne faccia carico.

Le linee di indirizzo PsychCare rispondono a questo problema proponendo un **percorso unitario**, articolato in tappe che coinvolgono attori diversi:

1. **identificazione** dei bisogni e delle vulnerabilità;
2. **screening** della sofferenza psicologica;
3. **invio** ai servizi sanitari;
4. **presa in carico**;
5. **trattamento e riabilitazione**;
6. **certificazione**, quando necessaria;
7. **follow-up**;
8. **coordinamento** tra tutti i soggetti coinvolti, che accompagna l’intero percorso.

Non si tratta di una sequenza rigida: una persona può entrare nel percorso da punti diversi, per esempio direttamente dal medico di medicina generale o dal pronto soccorso. L’obiettivo è che, da qualunque porta entri, trovi servizi che si parlano e una strada chiara verso la cura.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Why a shared pathway

Asylum seekers and refugees come into contact with many different services, often within a short time and with frequent transfers. Mental-health needs may therefore surface late, when distress has already worsened, or be reported several times without anyone taking responsibility for them.

The PsychCare guidelines respond to this by proposing a **single pathway**, made up of steps that involve different actors:

1. **identification** of needs and vulnerabilities;
2. **screening** for psychological distress;
3. **referral** to health services;
4. **taking charge**;
5. **treatment and rehabilitation**;
6. **certification**, where needed;
7. **follow-up**;
8. **coordination** among everyone involved, throughout the pathway.

This is not a rigid sequence: a person can enter the pathway at different points, for example directly through a general practitioner or an emergency department. The aim is that, whichever door they come through, they find services that talk to each other and a clear route to care.`,
                },
              },
            },
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### Identificazione e screening

L’**identificazione** consiste nel riconoscere il prima possibile le persone che possono avere bisogno di un sostegno psicologico o di cure specialistiche. Avviene spesso nei centri di accoglienza, dove operatori, assistenti sociali, psicologi e mediatori culturali vedono le persone nella vita di tutti i giorni, ma anche negli ambulatori e negli altri servizi del territorio. Contano i segnali osservati (isolamento, disturbi del sonno, cambiamenti del comportamento, richieste ripetute per disturbi fisici), ciò che la persona racconta e le condizioni di particolare vulnerabilità, come l’aver subito torture o violenze gravi.

Lo **screening** è un passo successivo e più strutturato: con strumenti semplici e validati, usati da personale formato e con l’aiuto di mediatori o interpreti, serve a individuare chi ha bisogno di una valutazione clinica. È bene ricordare che:

- lo screening **non è una diagnosi** e non sostituisce la valutazione dei servizi sanitari;
- va proposto spiegandone lo scopo e raccogliendo il consenso della persona;
- i risultati vanno trattati con riservatezza e usati per orientare l’invio;
- un esito negativo non chiude la porta: la situazione può cambiare e va riconsiderata nel tempo.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Identification and screening

**Identification** means recognising, as early as possible, the people who may need psychological support or specialist care. It often happens in reception centres, where operators, social workers, psychologists and cultural mediators see people in their everyday lives, but also in clinics and other local services. What counts are the signs observed (withdrawal, sleep problems, changes in behaviour, repeated requests for help with physical complaints), what the person says, and situations of particular vulnerability, such as having experienced torture or serious violence.

**Screening** is a further, more structured step: with simple, validated tools, used by trained staff with the help of mediators or interpreters, it identifies who needs a clinical assessment. It is worth remembering that:

- screening is **not a diagnosis** and does not replace the assessment by health services;
- it should be offered with an explanation of its purpose and with the person’s consent;
- results should be handled confidentially and used to guide referral;
- a negative result does not close the door: circumstances change and should be reviewed over time.`,
                },
              },
            },
            {
              data: { correct: [2] },
              texts: {
                it: {
                  kind: 'check',
                  question: 'In un CAS un’operatrice propone a un ospite, con l’aiuto di una mediatrice, un breve questionario di screening, che risulta positivo. Che cosa significa questo risultato?',
                  options: [
                    { text: 'Che l’ospite ha un disturbo mentale e deve iniziare una terapia farmacologica.', feedback: 'No. Lo screening non è una diagnosi e non indica di per sé un trattamento.' },
                    { text: 'Che il risultato va comunicato all’autorità che esamina la domanda d’asilo.', feedback: 'No. I risultati dello screening sono riservati e servono a orientare la cura, non la procedura d’asilo.' },
                    { text: 'Che è opportuno proporre all’ospite un invio ai servizi sanitari per una valutazione clinica.', feedback: 'Esatto. Uno screening positivo segnala il bisogno di una valutazione clinica, da proporre alla persona con il suo consenso.' },
                  ],
                },
                en: {
                  kind: 'check',
                  question: 'In a CAS, an operator offers a resident a short screening questionnaire, with the help of a mediator, and the result is positive. What does this result mean?',
                  options: [
                    { text: 'That the resident has a mental disorder and must start medication.', feedback: 'No. Screening is not a diagnosis and does not in itself indicate a treatment.' },
                    { text: 'That the result must be reported to the authority examining the asylum claim.', feedback: 'No. Screening results are confidential and serve to guide care, not the asylum procedure.' },
                    { text: 'That the resident should be offered a referral to health services for a clinical assessment.', feedback: 'Correct. A positive screening signals the need for a clinical assessment, to be offered to the person with their consent.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 25,
          texts: {
            it: { title: 'Invio e presa in carico' },
            en: { title: 'Referral and taking charge' },
          },
          blocks: [
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### L’invio

Quando dall’identificazione o dallo screening emerge un possibile bisogno, il passo successivo è l’**invio** ai servizi sanitari. Di norma il primo riferimento è il **medico di medicina generale**: richiedenti asilo e rifugiati hanno diritto all’iscrizione al Servizio sanitario nazionale, e il medico può valutare la situazione, escludere cause fisiche e indirizzare ai servizi specialistici. Nelle situazioni più complesse il riferimento è il **Centro di salute mentale (CSM)** dell’azienda sanitaria, o i servizi dedicati dove esistono; nelle emergenze, il pronto soccorso.

Un buon invio:

- è spiegato alla persona e condiviso con lei;
- è accompagnato da una breve relazione con le informazioni utili, trasmessa con il suo consenso;
- prevede la presenza di un mediatore o di un interprete;
- indica un referente del centro di accoglienza con cui il servizio può parlare.

### La presa in carico

La **presa in carico** è il momento in cui un servizio sanitario assume la responsabilità della cura. Non coincide con una singola visita: comporta una valutazione, un progetto terapeutico condiviso con la persona e spesso il lavoro di un’équipe multiprofessionale. Il centro di accoglienza resta un partner essenziale, perché conosce la vita quotidiana della persona e può sostenerne l’adesione al progetto.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Referral

When identification or screening points to a possible need, the next step is **referral** to health services. As a rule, the first point of contact is the **general practitioner**: asylum seekers and refugees are entitled to register with the national health service, and the GP can assess the situation, rule out physical causes and refer on to specialist services. In more complex situations the reference point is the local health authority’s **community mental-health centre (CSM)**, or dedicated services where they exist; in emergencies, the emergency department.

A good referral:

- is explained to the person and agreed with them;
- comes with a short report containing the useful information, passed on with their consent;
- includes a mediator or an interpreter;
- names a contact person at the reception centre whom the service can talk to.

### Taking charge

**Taking charge** (*presa in carico*) is the point at which a health service takes responsibility for a person’s care. It is more than a single visit: it involves an assessment, a care plan agreed with the person and often the work of a multidisciplinary team. The reception centre remains an essential partner, because it knows the person’s daily life and can support them in following the plan.`,
                },
              },
            },
            {
              texts: {
                it: {
                  kind: 'vignette',
                  title: 'Blessing e il primo invio',
                  markdown: `Blessing ha 24 anni e vive da quattro mesi in un CAS di una cittadina di provincia. Le operatrici notano che mangia poco, passa gran parte della giornata a letto e non frequenta più il corso di italiano. Una sera dice alla mediatrice che «la testa è piena di rumore» e che non vede un futuro.

Il centro ha un buon rapporto con il medico di medicina generale del paese, ma il CSM più vicino è a quaranta chilometri e i tempi di attesa sono lunghi. Il coordinatore si chiede come organizzare l’invio e chi debba occuparsene.`,
                  prompts: [
                    'Quali elementi della situazione di Blessing richiedono attenzione, e con quale urgenza?',
                    'Quali passi dovrebbe seguire il centro per un invio ben fatto?',
                    'Come possono collaborare il centro, il medico di medicina generale e il CSM nella presa in carico?',
                  ],
                },
                en: {
                  kind: 'vignette',
                  title: 'Blessing’s first referral',
                  markdown: `Blessing is 24 and has lived for four months in a CAS in a small provincial town. The staff notice that she eats little, spends most of the day in bed and no longer attends her Italian course. One evening she tells the mediator that her “head is full of noise” and that she cannot see a future.

The centre has a good relationship with the local general practitioner, but the nearest CSM is forty kilometres away and waiting times are long. The coordinator wonders how to organise the referral and who should take care of it.`,
                  prompts: [
                    'Which aspects of Blessing’s situation need attention, and how urgently?',
                    'Which steps should the centre follow to make a good referral?',
                    'How can the centre, the general practitioner and the CSM work together in taking charge of her care?',
                  ],
                },
              },
            },
            {
              data: { correct: [1] },
              texts: {
                it: {
                  kind: 'check',
                  question: 'Che cosa si intende per «presa in carico» nel percorso di cura?',
                  options: [
                    { text: 'La prima visita dal medico di medicina generale.', feedback: 'La prima visita può essere un passo importante, ma la presa in carico comporta una responsabilità continuativa della cura.' },
                    { text: 'L’assunzione, da parte di un servizio sanitario, della responsabilità della cura, con una valutazione e un progetto condiviso con la persona.', feedback: 'Esatto. La presa in carico è continuativa, spesso multiprofessionale, e si costruisce insieme alla persona e al centro di accoglienza.' },
                    { text: 'Il trasferimento della persona in un centro specializzato.', feedback: 'No. La presa in carico non richiede un trasferimento e riguarda i servizi sanitari, non la sistemazione.' },
                    { text: 'La compilazione del questionario di screening nel centro di accoglienza.', feedback: 'No. Lo screening è una fase precedente, che serve a orientare l’invio.' },
                  ],
                },
                en: {
                  kind: 'check',
                  question: 'What does “taking charge” mean in the care pathway?',
                  options: [
                    { text: 'The first visit to the general practitioner.', feedback: 'The first visit can be an important step, but taking charge means an ongoing responsibility for care.' },
                    { text: 'A health service taking responsibility for the person’s care, with an assessment and a plan agreed with the person.', feedback: 'Correct. Taking charge is ongoing, often multidisciplinary, and is built together with the person and the reception centre.' },
                    { text: 'Transferring the person to a specialised centre.', feedback: 'No. Taking charge does not require a transfer, and it concerns health services, not accommodation.' },
                    { text: 'Filling in the screening questionnaire at the reception centre.', feedback: 'No. Screening is an earlier step that serves to guide referral.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
    {
      texts: {
        it: { title: 'Cura, certificazione e lavoro di rete' },
        en: { title: 'Treatment, certification and networks' },
      },
      lessons: [
        {
          durationMinutes: 25,
          texts: {
            it: { title: 'Trattamento, riabilitazione e certificazione' },
            en: { title: 'Treatment, rehabilitation and certification' },
          },
          blocks: [
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### Trattamento e riabilitazione

Il **trattamento** è definito dai servizi sanitari sulla base della valutazione clinica e in accordo con la persona. Può comprendere interventi psicologici, anche focalizzati sul trauma, terapie farmacologiche, sostegno sociale e spesso una combinazione di questi. Un principio centrale del percorso è l’approccio integrato e attento alla dimensione culturale, con la presenza costante della mediazione linguistico-culturale.

La **riabilitazione** guarda oltre i sintomi: mira a restituire alla persona autonomia, relazioni e capacità di progettare il futuro. Per chi ha vissuto violenze gravi o torture, e per chi vive da tempo nella precarietà, recuperare una quotidianità significativa fa parte della cura. Possono contribuire:

- l’apprendimento della lingua italiana;
- percorsi di formazione e di inserimento lavorativo;
- attività sociali, sportive e culturali;
- il sostegno nella ricerca di una casa;
- il mantenimento o la ricostruzione dei legami familiari.

Queste attività coinvolgono soprattutto i progetti di accoglienza, i servizi sociali dei comuni e il terzo settore. Per questo trattamento e riabilitazione funzionano meglio quando servizi sanitari e accoglienza condividono gli obiettivi e si aggiornano con regolarità.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Treatment and rehabilitation

**Treatment** is decided by the health services on the basis of the clinical assessment and in agreement with the person. It may include psychological interventions, trauma-focused ones among them, medication, social support and often a combination of these. A central principle of the pathway is an integrated, culturally aware approach, with linguistic and cultural mediation present throughout.

**Rehabilitation** looks beyond symptoms: it aims to give the person back their independence, relationships and ability to plan for the future. For people who have lived through serious violence or torture, and for those who have lived in insecurity for a long time, regaining a meaningful daily life is part of care. Contributions can come from:

- learning Italian;
- training and job placement;
- social, sports and cultural activities;
- support in finding a home;
- maintaining or rebuilding family ties.

These activities mainly involve reception projects, municipal social services and the third sector. That is why treatment and rehabilitation work best when health services and reception share their goals and keep each other regularly informed.`,
                },
              },
            },
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### La certificazione

Nel percorso dei richiedenti asilo la **certificazione** sanitaria può avere un peso importante. Una relazione medica o psicologica può documentare lo stato di salute della persona, gli esiti fisici e psichici di violenze o torture e la loro coerenza con quanto riferito; può anche aiutare chi decide sulla domanda di protezione a comprendere, per esempio, perché il racconto è frammentario o incoerente.

Per questo la certificazione deve essere:

- affidata a professionisti **formati**, che seguono i riferimenti internazionali per la documentazione della tortura, come il Protocollo di Istanbul;
- svolta con il **consenso informato** della persona, spiegando a che cosa serve e chi la leggerà;
- condotta con attenzione a **non ritraumatizzare**, con tempi adeguati e la presenza di un mediatore o di un interprete;
- **obiettiva**: descrive i riscontri clinici e ne valuta la coerenza, senza pronunciarsi sulla credibilità, che spetta alle autorità competenti.

Il percorso dovrebbe chiarire chi, sul territorio, è in grado di rilasciare queste certificazioni e come richiederle, così che la persona non debba cercarle da sola o rivolgersi a canali non qualificati.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Certification

For asylum seekers, health **certification** can carry real weight. A medical or psychological report can document the person’s state of health, the physical and psychological consequences of violence or torture and how consistent they are with the person’s account; it can also help those deciding on the protection claim to understand, for example, why the account is fragmented or inconsistent.

For this reason, certification should be:

- entrusted to **trained** professionals who follow the international references for documenting torture, such as the Istanbul Protocol;
- carried out with the person’s **informed consent**, explaining what it is for and who will read it;
- conducted with care **not to re-traumatise**, with enough time and a mediator or interpreter present;
- **objective**: it describes clinical findings and assesses their consistency, without ruling on credibility, which is for the competent authorities.

The pathway should make clear who, locally, is able to issue such certificates and how to request them, so that people do not have to look for them on their own or turn to unqualified sources.`,
                },
              },
            },
            {
              data: { correct: [3] },
              texts: {
                it: {
                  kind: 'check',
                  question: 'Quale affermazione sulla riabilitazione nel percorso di cura è la più corretta?',
                  options: [
                    { text: 'Inizia solo dopo che tutti i sintomi sono scomparsi.', feedback: 'No. La riabilitazione può procedere in parallelo al trattamento e contribuisce essa stessa al recupero.' },
                    { text: 'Riguarda soltanto i servizi sanitari.', feedback: 'No. Coinvolge anche accoglienza, servizi sociali e terzo settore: lingua, lavoro, casa e relazioni fanno parte della cura.' },
                    { text: 'Serve solo alle persone con disturbi psicotici.', feedback: 'No. Recuperare una quotidianità significativa è importante per molte persone, in particolare dopo violenze gravi o lunghi periodi di precarietà.' },
                    { text: 'Mira a restituire autonomia, relazioni e progettualità, con il contributo dell’accoglienza, dei servizi sociali e del territorio.', feedback: 'Esatto. La riabilitazione va oltre i sintomi e richiede la collaborazione di più attori.' },
                  ],
                },
                en: {
                  kind: 'check',
                  question: 'Which statement about rehabilitation in the care pathway is most accurate?',
                  options: [
                    { text: 'It starts only once all symptoms have gone.', feedback: 'No. Rehabilitation can run alongside treatment and itself contributes to recovery.' },
                    { text: 'It concerns health services only.', feedback: 'No. It also involves reception, social services and the third sector: language, work, housing and relationships are part of care.' },
                    { text: 'It is needed only by people with psychotic disorders.', feedback: 'No. Regaining a meaningful daily life matters to many people, especially after serious violence or long periods of insecurity.' },
                    { text: 'It aims to restore independence, relationships and plans for the future, with contributions from reception, social services and the local community.', feedback: 'Correct. Rehabilitation goes beyond symptoms and needs several actors to work together.' },
                  ],
                },
              },
            },
          ],
        },
        {
          durationMinutes: 20,
          texts: {
            it: { title: 'Follow-up, coordinamento e reti regionali' },
            en: { title: 'Follow-up, coordination and regional networks' },
          },
          blocks: [
            {
              texts: {
                it: {
                  kind: 'text',
                  markdown: `### Follow-up

Il **follow-up** serve a verificare nel tempo come sta la persona, se il trattamento funziona e se il progetto va adattato. È particolarmente importante nei momenti di passaggio: un trasferimento da un CAS a un progetto SAI, l’uscita dall’accoglienza, un cambiamento dello status giuridico, un diniego. In questi momenti il rischio di interrompere le cure è alto, e con esso quello di una ricaduta.

### Coordinamento e ruoli

Il **coordinamento** attraversa tutto il percorso. In termini generali:

- i **centri di accoglienza** (CAS e progetti SAI) identificano i bisogni, accompagnano la persona ai servizi e sostengono l’adesione alle cure e la vita quotidiana;
- le **aziende sanitarie** (ASL) organizzano i servizi e i percorsi sul territorio;
- i **medici di medicina generale** sono il primo accesso alle cure e il riferimento per la salute fisica;
- i **Centri di salute mentale** valutano e prendono in carico le situazioni che richiedono cure specialistiche;
- mediatori culturali, servizi sociali ed enti del terzo settore completano la rete.

Le **reti regionali** mettono in relazione questi soggetti su un territorio: condividono procedure e referenti, organizzano formazione comune e aiutano a seguire la persona anche quando si sposta. Ogni professionista dovrebbe sapere a quale rete fa riferimento il proprio servizio e chi sono i contatti.`,
                },
                en: {
                  kind: 'text',
                  markdown: `### Follow-up

**Follow-up** means checking over time how the person is doing, whether treatment is working and whether the plan needs to change. It matters most at times of transition: a transfer from a CAS to a SAI project, leaving the reception system, a change in legal status, a negative decision. At these moments the risk of care being interrupted is high, and so is the risk of relapse.

### Coordination and roles

**Coordination** runs through the whole pathway. In general terms:

- **reception centres** (CAS and SAI projects) identify needs, accompany people to services and support them in following their care and in daily life;
- **local health authorities** (ASL) organise services and pathways in their area;
- **general practitioners** are the first point of access to care and the reference for physical health;
- **community mental-health centres** (CSM) assess and take charge of situations that need specialist care;
- cultural mediators, social services and third-sector organisations complete the network.

**Regional networks** connect these actors within an area: they share procedures and contact people, organise joint training and help to follow people even when they move. Every professional should know which network their service belongs to and who the contacts are.`,
                },
              },
            },
            {
              texts: {
                it: {
                  kind: 'vignette',
                  title: 'Il trasferimento di Omar',
                  markdown: `Omar, 30 anni, è seguito da sei mesi dal CSM della sua città per un disturbo post-traumatico: ha un colloquio ogni due settimane con una psicologa e una terapia farmacologica prescritta dallo psichiatra. Il CAS in cui vive gli comunica che tra dieci giorni sarà trasferito in un progetto SAI in un’altra regione.

Omar è contento del trasferimento, ma teme di «ricominciare tutto da capo». L’operatrice del CAS non sa se spetti a lei avvisare il CSM, né come trovare un servizio nella nuova città.`,
                  prompts: [
                    'Quali rischi comporta questo trasferimento per la continuità delle cure di Omar?',
                    'Chi dovrebbe fare che cosa nei dieci giorni prima della partenza?',
                    'In che modo le reti regionali potrebbero facilitare il passaggio?',
                  ],
                },
                en: {
                  kind: 'vignette',
                  title: 'Omar’s transfer',
                  markdown: `Omar, 30, has been followed for six months by the CSM in his city for post-traumatic stress disorder: he sees a psychologist every two weeks and takes medication prescribed by the psychiatrist. The CAS where he lives tells him that in ten days he will be transferred to a SAI project in another region.

Omar is pleased about the transfer but afraid of “starting all over again”. The operator at the CAS does not know whether it is up to her to inform the CSM, or how to find a service in the new city.`,
                  prompts: [
                    'What risks does this transfer pose to the continuity of Omar’s care?',
                    'Who should do what in the ten days before he leaves?',
                    'How could regional networks make the handover easier?',
                  ],
                },
              },
            },
            {
              data: { correct: [0] },
              texts: {
                it: {
                  kind: 'check',
                  question: 'Un ospite in cura presso un CSM viene trasferito in un progetto SAI in un’altra città. Qual è la pratica migliore?',
                  options: [
                    { text: 'Avvisare per tempo il CSM, concordare con la persona il passaggio delle informazioni e individuare prima della partenza il servizio e i referenti nella nuova città.', feedback: 'Esatto. Un passaggio preparato, con il consenso della persona, protegge la continuità delle cure nei momenti di transizione.' },
                    { text: 'Lasciare che la persona si rivolga da sola ai servizi una volta arrivata.', feedback: 'Così il rischio di interrompere le cure è alto; il passaggio va preparato prima della partenza.' },
                    { text: 'Sospendere la terapia finché non sarà presa in carico nella nuova città.', feedback: 'No. Un’interruzione improvvisa delle cure può provocare una ricaduta; la continuità va garantita.' },
                    { text: 'Inviare l’intera cartella clinica al nuovo centro di accoglienza.', feedback: 'No. Le informazioni cliniche vanno trasmesse ai servizi sanitari, con il consenso e nella misura necessaria, non al centro di accoglienza.' },
                  ],
                },
                en: {
                  kind: 'check',
                  question: 'A resident in the care of a CSM is being transferred to a SAI project in another city. What is the best practice?',
                  options: [
                    { text: 'Inform the CSM in good time, agree with the person how information will be passed on, and identify the service and contact people in the new city before departure.', feedback: 'Correct. A prepared handover, with the person’s consent, protects continuity of care at times of transition.' },
                    { text: 'Let the person find services on their own once they arrive.', feedback: 'This makes an interruption of care likely; the handover should be prepared before departure.' },
                    { text: 'Suspend treatment until the person is taken into care in the new city.', feedback: 'No. Stopping treatment abruptly can lead to relapse; continuity must be ensured.' },
                    { text: 'Send the whole clinical record to the new reception centre.', feedback: 'No. Clinical information goes to health services, with consent and only as far as needed, not to the reception centre.' },
                  ],
                },
              },
            },
          ],
        },
      ],
    },
  ],
  questions: [
    {
      competence: 'care-pathway',
      correct: 1,
      texts: {
        it: {
          stem: 'Qual è lo scopo principale di un percorso di cura condiviso tra accoglienza e servizi sanitari?',
          options: [
            'Ridurre il numero di persone che accedono ai servizi di salute mentale.',
            'Far sì che i bisogni di salute mentale siano riconosciuti presto e che la persona trovi una strada chiara e continua verso la cura.',
            'Sostituire i servizi sanitari con gli psicologi dei centri di accoglienza.',
            'Raccogliere dati per le procedure d’asilo.',
          ],
          feedback: [
            'Lo scopo non è limitare l’accesso, ma renderlo tempestivo e appropriato.',
            'Esatto. Un percorso condiviso evita ritardi e dispersioni tra un servizio e l’altro.',
            'Accoglienza e servizi sanitari hanno ruoli diversi e complementari; nessuno sostituisce l’altro.',
            'Il percorso riguarda la salute della persona, non la procedura d’asilo.',
          ],
        },
        en: {
          stem: 'What is the main purpose of a care pathway shared between reception and health services?',
          options: [
            'To reduce the number of people who use mental-health services.',
            'To make sure mental-health needs are recognised early and the person finds a clear, continuous route to care.',
            'To replace health services with the psychologists of reception centres.',
            'To gather data for asylum procedures.',
          ],
          feedback: [
            'The aim is not to limit access but to make it timely and appropriate.',
            'Correct. A shared pathway avoids delays and people getting lost between services.',
            'Reception and health services have different, complementary roles; neither replaces the other.',
            'The pathway is about the person’s health, not the asylum procedure.',
          ],
        },
      },
    },
    {
      competence: 'care-pathway',
      correct: 3,
      texts: {
        it: {
          stem: 'Quale delle seguenti è una tappa del percorso di cura?',
          options: [
            'La valutazione della credibilità del racconto.',
            'La decisione sulla domanda di protezione.',
            'L’assegnazione a un centro di accoglienza.',
            'Il follow-up.',
          ],
          feedback: [
            'La credibilità è valutata dalle autorità competenti per l’asilo, non nel percorso di cura.',
            'La decisione sulla domanda spetta alle autorità competenti, non ai servizi psicosociali.',
            'L’assegnazione ai centri di accoglienza non fa parte del percorso di cura.',
            'Esatto. Il follow-up è una delle tappe, accanto a identificazione, screening, invio, presa in carico, trattamento e riabilitazione, certificazione e coordinamento.',
          ],
        },
        en: {
          stem: 'Which of the following is a step of the care pathway?',
          options: [
            'Assessing the credibility of the person’s account.',
            'Deciding on the protection claim.',
            'Assigning the person to a reception centre.',
            'Follow-up.',
          ],
          feedback: [
            'Credibility is assessed by the asylum authorities, not within the care pathway.',
            'The decision on the claim belongs to the competent authorities, not to psychosocial services.',
            'Assignment to reception centres is not part of the care pathway.',
            'Correct. Follow-up is one of the steps, along with identification, screening, referral, taking charge, treatment and rehabilitation, certification and coordination.',
          ],
        },
      },
    },
    {
      competence: 'care-pathway',
      correct: 0,
      texts: {
        it: {
          stem: 'Una persona può entrare nel percorso di cura solo attraverso lo screening nel centro di accoglienza?',
          options: [
            'No: può entrare da punti diversi, per esempio dal medico di medicina generale o dal pronto soccorso.',
            'Sì: lo screening è l’unico punto di accesso.',
            'Sì, ma solo dopo aver ottenuto la protezione internazionale.',
            'No: può entrare solo tramite un avvocato.',
          ],
          feedback: [
            'Esatto. Il percorso non è una sequenza rigida; l’importante è che ogni porta d’ingresso conduca a servizi collegati tra loro.',
            'Lo screening è una delle porte d’accesso, non l’unica.',
            'Il percorso riguarda richiedenti asilo e rifugiati, indipendentemente dall’esito della domanda.',
            'L’accesso alle cure non passa da un legale.',
          ],
        },
        en: {
          stem: 'Can a person enter the care pathway only through screening at the reception centre?',
          options: [
            'No: they can enter at different points, for example through a general practitioner or an emergency department.',
            'Yes: screening is the only point of entry.',
            'Yes, but only after being granted international protection.',
            'No: they can enter only through a lawyer.',
          ],
          feedback: [
            'Correct. The pathway is not a rigid sequence; what matters is that every entry point leads to connected services.',
            'Screening is one of the entry points, not the only one.',
            'The pathway concerns asylum seekers and refugees alike, whatever the outcome of their claim.',
            'Access to care does not go through a lawyer.',
          ],
        },
      },
    },
    {
      competence: 'screening-and-referral',
      correct: 2,
      texts: {
        it: {
          stem: 'Chi dovrebbe usare gli strumenti di screening nei centri di accoglienza?',
          options: [
            'Qualunque ospite che parli la stessa lingua.',
            'Esclusivamente uno psichiatra.',
            'Personale formato, con l’aiuto di mediatori o interpreti quando serve.',
            'Il personale di vigilanza del centro.',
          ],
          feedback: [
            'Gli ospiti non devono svolgere questo ruolo: riservatezza e accuratezza sarebbero a rischio.',
            'Lo screening non richiede uno psichiatra; è un passaggio che precede la valutazione specialistica.',
            'Esatto. Lo screening richiede formazione e una buona comunicazione nella lingua della persona.',
            'Non è un compito del personale di vigilanza, che non ha la formazione necessaria.',
          ],
        },
        en: {
          stem: 'Who should use screening tools in reception centres?',
          options: [
            'Any resident who speaks the same language.',
            'Only a psychiatrist.',
            'Trained staff, with the help of mediators or interpreters when needed.',
            'The centre’s security staff.',
          ],
          feedback: [
            'Residents should not take on this role: confidentiality and accuracy would be at risk.',
            'Screening does not require a psychiatrist; it is a step that comes before specialist assessment.',
            'Correct. Screening requires training and good communication in the person’s language.',
            'This is not a task for security staff, who do not have the necessary training.',
          ],
        },
      },
    },
    {
      competence: 'screening-and-referral',
      correct: 0,
      texts: {
        it: {
          stem: 'Di norma, qual è il primo riferimento sanitario per un ospite di un centro di accoglienza con un possibile bisogno di salute mentale non urgente?',
          options: [
            'Il medico di medicina generale.',
            'Il pronto soccorso.',
            'L’autorità che esamina la domanda d’asilo.',
            'Un servizio privato a pagamento.',
          ],
          feedback: [
            'Esatto. Il medico di medicina generale valuta la situazione, esclude cause fisiche e indirizza ai servizi specialistici.',
            'Il pronto soccorso è per le emergenze, non per i bisogni non urgenti.',
            'L’autorità competente per l’asilo non è un servizio sanitario.',
            'Richiedenti asilo e rifugiati hanno diritto alle cure del Servizio sanitario nazionale.',
          ],
        },
        en: {
          stem: 'As a rule, who is the first health contact for a reception-centre resident with a possible non-urgent mental-health need?',
          options: [
            'The general practitioner.',
            'The emergency department.',
            'The authority examining the asylum claim.',
            'A private, fee-paying service.',
          ],
          feedback: [
            'Correct. The GP assesses the situation, rules out physical causes and refers on to specialist services.',
            'The emergency department is for emergencies, not for non-urgent needs.',
            'The asylum authority is not a health service.',
            'Asylum seekers and refugees are entitled to care from the national health service.',
          ],
        },
      },
    },
    {
      competence: 'screening-and-referral',
      correct: 3,
      texts: {
        it: {
          stem: 'Quale elemento rende più efficace un invio ai servizi sanitari?',
          options: [
            'Inviare la persona senza dirglielo, per non preoccuparla.',
            'Trasmettere al servizio tutte le informazioni raccolte nel centro, anche senza consenso.',
            'Lasciare che sia la persona a spiegare tutto, senza mediatore.',
            'Spiegare l’invio alla persona, trasmettere con il suo consenso le informazioni utili e indicare un referente del centro.',
          ],
          feedback: [
            'La persona ha diritto di capire e di decidere; un invio non spiegato mina la fiducia.',
            'Le informazioni vanno condivise con il consenso e solo nella misura necessaria.',
            'Senza mediazione linguistica la valutazione rischia di essere inaccurata.',
            'Esatto. Condivisione, consenso, informazioni essenziali e un referente fanno dell’invio un passaggio reale verso la cura.',
          ],
        },
        en: {
          stem: 'What makes a referral to health services more effective?',
          options: [
            'Referring the person without telling them, so as not to worry them.',
            'Passing on to the service all the information collected at the centre, even without consent.',
            'Letting the person explain everything themselves, without a mediator.',
            'Explaining the referral to the person, passing on the useful information with their consent and naming a contact person at the centre.',
          ],
          feedback: [
            'The person has the right to understand and decide; an unexplained referral undermines trust.',
            'Information should be shared with consent and only as far as needed.',
            'Without linguistic mediation the assessment is likely to be inaccurate.',
            'Correct. Agreement, consent, essential information and a contact person turn a referral into a real step towards care.',
          ],
        },
      },
    },
    {
      competence: 'treatment-and-certification',
      correct: 3,
      texts: {
        it: {
          stem: 'Chi definisce il trattamento nel percorso di cura?',
          options: [
            'Il coordinatore del centro di accoglienza.',
            'La mediatrice culturale.',
            'L’autorità che decide sulla domanda d’asilo.',
            'I servizi sanitari, sulla base della valutazione clinica e in accordo con la persona.',
          ],
          feedback: [
            'Il centro sostiene l’adesione alle cure, ma non definisce il trattamento.',
            'La mediazione è essenziale, ma le decisioni cliniche spettano ai servizi sanitari.',
            'Quell’autorità decide sulla domanda d’asilo, non sulle cure.',
            'Esatto. Il trattamento è una decisione clinica, condivisa con la persona.',
          ],
        },
        en: {
          stem: 'Who decides on treatment in the care pathway?',
          options: [
            'The coordinator of the reception centre.',
            'The cultural mediator.',
            'The authority deciding on the asylum claim.',
            'The health services, on the basis of the clinical assessment and in agreement with the person.',
          ],
          feedback: [
            'The centre supports people in following their care, but does not decide on treatment.',
            'Mediation is essential, but clinical decisions belong to the health services.',
            'That authority decides on the asylum claim, not on care.',
            'Correct. Treatment is a clinical decision, agreed with the person.',
          ],
        },
      },
    },
    {
      competence: 'treatment-and-certification',
      correct: 1,
      texts: {
        it: {
          stem: 'A che cosa serve una certificazione sanitaria nel percorso di un richiedente asilo?',
          options: [
            'A stabilire se la persona ha diritto alla protezione.',
            'A documentare lo stato di salute e gli esiti di violenze, valutandone la coerenza con quanto riferito.',
            'A sostituire il colloquio con l’autorità che esamina la domanda.',
            'A ottenere un posto in un progetto SAI.',
          ],
          feedback: [
            'La decisione sulla protezione spetta alle autorità competenti.',
            'Esatto. La certificazione documenta riscontri clinici e ne valuta la coerenza, senza pronunciarsi sulla credibilità.',
            'La certificazione non sostituisce il colloquio, anche se può aiutare a comprendere le difficoltà della persona.',
            'L’accesso ai progetti di accoglienza segue altre regole.',
          ],
        },
        en: {
          stem: 'What is a health certificate for, in an asylum seeker’s pathway?',
          options: [
            'To establish whether the person qualifies for protection.',
            'To document the person’s health and the consequences of violence, assessing their consistency with the account given.',
            'To replace the interview with the authority examining the claim.',
            'To obtain a place in a SAI project.',
          ],
          feedback: [
            'The decision on protection belongs to the competent authorities.',
            'Correct. Certification documents clinical findings and assesses their consistency, without ruling on credibility.',
            'A certificate does not replace the interview, although it can help others understand the person’s difficulties.',
            'Access to reception projects follows other rules.',
          ],
        },
      },
    },
    {
      competence: 'treatment-and-certification',
      correct: 2,
      texts: {
        it: {
          stem: 'Quale requisito è essenziale per una certificazione corretta?',
          options: [
            'Che sia redatta il più rapidamente possibile, in un unico colloquio.',
            'Che sia redatta da un operatore del centro di accoglienza.',
            'Che sia svolta da professionisti formati, con il consenso informato della persona e attenzione a non ritraumatizzarla.',
            'Che sostenga sempre la domanda della persona.',
          ],
          feedback: [
            'La fretta può essere ritraumatizzante e ridurre la qualità della valutazione.',
            'La certificazione richiede competenze cliniche e una formazione specifica.',
            'Esatto. Formazione, consenso e attenzione alla persona sono requisiti essenziali.',
            'La certificazione deve essere obiettiva; una relazione di parte danneggia la persona e la credibilità del professionista.',
          ],
        },
        en: {
          stem: 'Which requirement is essential for sound certification?',
          options: [
            'That it is written as quickly as possible, in a single interview.',
            'That it is written by a reception-centre operator.',
            'That it is carried out by trained professionals, with the person’s informed consent and care not to re-traumatise them.',
            'That it always supports the person’s claim.',
          ],
          feedback: [
            'Haste can be re-traumatising and lowers the quality of the assessment.',
            'Certification requires clinical skills and specific training.',
            'Correct. Training, consent and care for the person are essential requirements.',
            'Certification must be objective; a partisan report harms both the person and the professional’s credibility.',
          ],
        },
      },
    },
    {
      competence: 'roles-and-networks',
      correct: 0,
      texts: {
        it: {
          stem: 'Qual è il ruolo dei Centri di salute mentale (CSM) nel percorso?',
          options: [
            'Valutare e prendere in carico le situazioni che richiedono cure specialistiche.',
            'Gestire l’accoglienza dei richiedenti asilo.',
            'Rilasciare i permessi di soggiorno.',
            'Somministrare lo screening in tutti i centri di accoglienza.',
          ],
          feedback: [
            'Esatto. I CSM sono il riferimento specialistico delle aziende sanitarie per la salute mentale.',
            'L’accoglienza è gestita dai CAS e dai progetti SAI.',
            'I permessi di soggiorno non sono di competenza dei servizi sanitari.',
            'Lo screening avviene di norma nei contesti di accoglienza, da parte di personale formato.',
          ],
        },
        en: {
          stem: 'What is the role of the community mental-health centres (CSM) in the pathway?',
          options: [
            'To assess and take charge of situations that need specialist care.',
            'To run the reception of asylum seekers.',
            'To issue residence permits.',
            'To carry out screening in every reception centre.',
          ],
          feedback: [
            'Correct. CSMs are the local health authorities’ specialist reference point for mental health.',
            'Reception is run by CAS and SAI projects.',
            'Residence permits are not a matter for health services.',
            'Screening normally takes place in reception settings, carried out by trained staff.',
          ],
        },
      },
    },
    {
      competence: 'roles-and-networks',
      correct: 2,
      texts: {
        it: {
          stem: 'Perché i trasferimenti tra strutture di accoglienza sono momenti delicati per la salute mentale?',
          options: [
            'Perché le persone trasferite perdono il diritto alle cure.',
            'Perché i trasferimenti sono sempre decisi per motivi sanitari.',
            'Perché, se il passaggio non è preparato, aumenta il rischio di interrompere le cure e di una ricaduta.',
            'Perché dopo un trasferimento lo screening va sempre ripetuto da capo.',
          ],
          feedback: [
            'Il diritto alle cure resta; il problema è la continuità.',
            'I trasferimenti dipendono in genere da ragioni organizzative, non sanitarie.',
            'Esatto. Per questo follow-up e coordinamento sono tappe essenziali del percorso.',
            'Ripetere lo screening non è automatico; conta soprattutto trasmettere, con il consenso, le informazioni già raccolte.',
          ],
        },
        en: {
          stem: 'Why are transfers between reception facilities delicate moments for mental health?',
          options: [
            'Because people who are transferred lose their right to care.',
            'Because transfers are always decided for health reasons.',
            'Because, if the handover is not prepared, the risk of interrupted care and relapse increases.',
            'Because screening must always be repeated from scratch after a transfer.',
          ],
          feedback: [
            'The right to care remains; the problem is continuity.',
            'Transfers usually depend on organisational reasons, not health ones.',
            'Correct. This is why follow-up and coordination are essential steps of the pathway.',
            'Repeating screening is not automatic; what matters most is passing on, with consent, the information already gathered.',
          ],
        },
      },
    },
    {
      competence: 'roles-and-networks',
      correct: 1,
      texts: {
        it: {
          stem: 'Che cosa fanno le reti regionali per la salute mentale dei rifugiati?',
          options: [
            'Sostituiscono le aziende sanitarie nell’erogazione delle cure.',
            'Mettono in relazione accoglienza, servizi sanitari e terzo settore, condividendo procedure, referenti e formazione.',
            'Decidono sulle domande di protezione internazionale.',
            'Gestiscono direttamente i centri di accoglienza.',
          ],
          feedback: [
            'Le reti non sostituiscono i servizi: li collegano.',
            'Esatto. Le reti regionali facilitano il coordinamento e la continuità delle cure sul territorio.',
            'Le decisioni sull’asilo spettano alle autorità competenti.',
            'La gestione dei centri resta agli enti che ne sono responsabili.',
          ],
        },
        en: {
          stem: 'What do regional networks for refugees’ mental health do?',
          options: [
            'They replace local health authorities in providing care.',
            'They connect reception, health services and the third sector, sharing procedures, contact people and training.',
            'They decide on applications for international protection.',
            'They run reception centres directly.',
          ],
          feedback: [
            'Networks do not replace services; they connect them.',
            'Correct. Regional networks make coordination and continuity of care easier in their area.',
            'Decisions on asylum belong to the competent authorities.',
            'Reception centres remain the responsibility of the bodies that run them.',
          ],
        },
      },
    },
  ],
};

/* ------------------------------------------------------------------------------------------------------------
 * The catalogue and the learning paths
 * ---------------------------------------------------------------------------------------------------------- */

/** In an order where every prerequisite comes before the course that needs it. */
export const DEMO_COURSES: DemoCourse[] = [
  migrationCultureMentalHealth,
  recognisingDistressAndTrauma,
  transculturalAssessmentAndTreatment,
  mediationInterpretingPsychosocialSupport,
  psychcareGuidelines,
];

const MCH = 'migration-culture-mental-health';
const RDT = 'recognising-distress-and-trauma';
const TAT = 'transcultural-assessment-and-treatment';
const MIP = 'mediation-interpreting-psychosocial-support';
const PCG = 'psychcare-guidelines';

export const DEMO_PATHS: DemoPath[] = [
  { profession: 'nurse', steps: [{ course: MCH, required: true }, { course: RDT, required: true }, { course: PCG, required: false }] },
  { profession: 'physician', steps: [{ course: MCH, required: true }, { course: RDT, required: true }, { course: PCG, required: false }] },
  { profession: 'psychologist', steps: [{ course: MCH, required: true }, { course: RDT, required: true }, { course: TAT, required: true }, { course: PCG, required: false }] },
  { profession: 'psychiatrist', steps: [{ course: MCH, required: true }, { course: RDT, required: true }, { course: TAT, required: true }, { course: PCG, required: false }] },
  { profession: 'social-worker', steps: [{ course: MCH, required: true }, { course: RDT, required: true }, { course: MIP, required: false }, { course: PCG, required: false }] },
  { profession: 'cultural-mediator', steps: [{ course: MCH, required: true }, { course: MIP, required: true }, { course: RDT, required: false }, { course: PCG, required: false }] },
  { profession: 'interpreter', steps: [{ course: MCH, required: true }, { course: MIP, required: true }, { course: RDT, required: false }] },
  { profession: 'reception-centre-operator', steps: [{ course: MCH, required: true }, { course: MIP, required: true }, { course: RDT, required: false }, { course: PCG, required: false }] },
  { profession: 'volunteer', steps: [{ course: MCH, required: true }, { course: MIP, required: true }, { course: RDT, required: false }] },
  { profession: 'counsellor', steps: [{ course: MCH, required: true }, { course: MIP, required: true }, { course: RDT, required: false }] },
];
