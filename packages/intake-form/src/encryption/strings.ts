import type { EncryptionErrorCode } from '@talap/sync';

// The form's messages about encryption, in every language the form ships. They travel with the
// encryption part (only forms with `key-fingerprint` load it), so the English bundle stays small;
// the part adds them to the form's catalogs when it loads (`addFormStrings`). A status has the
// key `status.encryption.<code>`, one for each code of the sync client's encryption errors.

/** The keys of the encryption messages. */
export type EncryptionStringKey = 'answer.encrypted' | `status.encryption.${EncryptionErrorCode}`;

/** The encryption messages of one locale: every key. */
export type EncryptionStrings = Readonly<Record<EncryptionStringKey, string>>;

/** Messages for the codes a person can do something about, and one for those that are a mistake in the page or the data. */
function messages(
  answerEncrypted: string,
  specific: Readonly<
    Record<
      | 'fingerprint_mismatch'
      | 'key_unavailable'
      | 'no_public_key'
      | 'invalid_key'
      | 'webcrypto_unavailable',
      string
    >
  >,
  otherwise: string,
): EncryptionStrings {
  return {
    'answer.encrypted': answerEncrypted,
    'status.encryption.fingerprint_mismatch': specific.fingerprint_mismatch,
    'status.encryption.key_unavailable': specific.key_unavailable,
    'status.encryption.no_public_key': specific.no_public_key,
    'status.encryption.invalid_key': specific.invalid_key,
    'status.encryption.webcrypto_unavailable': specific.webcrypto_unavailable,
    'status.encryption.invalid_plaintext': otherwise,
    'status.encryption.malformed_envelope': otherwise,
    'status.encryption.unsupported_version': otherwise,
    'status.encryption.missing_case_id': otherwise,
    'status.encryption.not_configured': otherwise,
  };
}

/** The encryption messages by locale: `en`, `ru`, `kk` and `uk`. */
export const encryptionStrings: Readonly<Record<'en' | 'ru' | 'kk' | 'uk', EncryptionStrings>> = {
  en: messages(
    'Saved encrypted: type to replace it.',
    {
      fingerprint_mismatch:
        'This form cannot protect your answers: the organisation’s key does not match. Nothing was sent. Please tell the organisation.',
      key_unavailable:
        'The form could not load the organisation’s key to protect your answers, so nothing was sent. Connect to the internet and try again.',
      no_public_key:
        'The organisation has not set up the key that protects your answers, so nothing was sent. Please contact the organisation.',
      invalid_key:
        'The organisation’s key is damaged, so your answers cannot be protected and nothing was sent. Please tell the organisation.',
      webcrypto_unavailable:
        'This browser cannot protect your answers, so nothing was sent. Use an up-to-date browser, on a page whose address starts with https.',
    },
    'The form could not encrypt your answers, so nothing was sent. Please try again, or contact the organisation.',
  ),
  ru: messages(
    'Сохранено в зашифрованном виде: введите заново, чтобы заменить.',
    {
      fingerprint_mismatch:
        'Форма не может защитить ваши ответы: ключ организации не совпадает. Ничего не отправлено. Пожалуйста, сообщите организации.',
      key_unavailable:
        'Форме не удалось загрузить ключ организации для защиты ваших ответов, поэтому ничего не отправлено. Подключитесь к интернету и попробуйте снова.',
      no_public_key:
        'Организация ещё не настроила ключ для защиты ваших ответов, поэтому ничего не отправлено. Пожалуйста, свяжитесь с организацией.',
      invalid_key:
        'Ключ организации повреждён: ваши ответы нельзя защитить, и ничего не отправлено. Пожалуйста, сообщите организации.',
      webcrypto_unavailable:
        'Этот браузер не может защитить ваши ответы, поэтому ничего не отправлено. Используйте современный браузер и страницу, адрес которой начинается с https.',
    },
    'Форме не удалось зашифровать ваши ответы, поэтому ничего не отправлено. Попробуйте снова или свяжитесь с организацией.',
  ),
  kk: messages(
    'Шифрланған түрде сақталды: ауыстыру үшін қайта жазыңыз.',
    {
      fingerprint_mismatch:
        'Пішін жауаптарыңызды қорғай алмайды: ұйымның кілті сәйкес келмейді. Ештеңе жіберілген жоқ. Ұйымға хабарлаңыз.',
      key_unavailable:
        'Пішін жауаптарыңызды қорғау үшін ұйымның кілтін жүктей алмады, сондықтан ештеңе жіберілген жоқ. Интернетке қосылып, қайталап көріңіз.',
      no_public_key:
        'Ұйым жауаптарыңызды қорғайтын кілтті әлі орнатпаған, сондықтан ештеңе жіберілген жоқ. Ұйыммен байланысыңыз.',
      invalid_key:
        'Ұйымның кілті зақымдалған: жауаптарыңызды қорғау мүмкін емес, ештеңе жіберілген жоқ. Ұйымға хабарлаңыз.',
      webcrypto_unavailable:
        'Бұл браузер жауаптарыңызды қорғай алмайды, сондықтан ештеңе жіберілген жоқ. Заманауи браузерді және мекенжайы https деп басталатын бетті пайдаланыңыз.',
    },
    'Пішін жауаптарыңызды шифрлай алмады, сондықтан ештеңе жіберілген жоқ. Қайталап көріңіз немесе ұйыммен байланысыңыз.',
  ),
  uk: messages(
    'Збережено в зашифрованому вигляді: введіть заново, щоб замінити.',
    {
      fingerprint_mismatch:
        'Форма не може захистити ваші відповіді: ключ організації не збігається. Нічого не надіслано. Будь ласка, повідомте організацію.',
      key_unavailable:
        'Формі не вдалося завантажити ключ організації для захисту ваших відповідей, тому нічого не надіслано. Підключіться до інтернету та спробуйте ще раз.',
      no_public_key:
        'Організація ще не налаштувала ключ для захисту ваших відповідей, тому нічого не надіслано. Будь ласка, зв’яжіться з організацією.',
      invalid_key:
        'Ключ організації пошкоджено: ваші відповіді неможливо захистити, і нічого не надіслано. Будь ласка, повідомте організацію.',
      webcrypto_unavailable:
        'Цей браузер не може захистити ваші відповіді, тому нічого не надіслано. Використовуйте сучасний браузер і сторінку, адреса якої починається з https.',
    },
    'Формі не вдалося зашифрувати ваші відповіді, тому нічого не надіслано. Спробуйте ще раз або зв’яжіться з організацією.',
  ),
};
