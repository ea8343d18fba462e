// Public surface of the mail module: the outbox, its delivery, and the messages the app sends.

export { mailRoutes } from "./mail.routes";
export * from "./mail.schema";
export {
  createMailer,
  type DeliveryReport,
  getOutboxMessage,
  listOutboxMessages,
  MAX_DELIVERY_ATTEMPTS,
  type Mailer,
  type MailerOptions,
  queueMessage,
  queueMessages,
  smtpUrlIsValid,
} from "./mail.service";
export type { NewOutboxMessage } from "./mail.store";
export {
  invitationMessage,
  kigaliDateTime,
  type MailLocale,
  message as catalogMessage,
  passwordResetMessage,
} from "./mail-message";
