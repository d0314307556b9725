import { FieldErrors } from "../../graphql/results";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

export function checkEmail(errors: FieldErrors, path: string, email: string): void {
  if (email.trim().length > 254 || !EMAIL.test(email.trim())) {
    errors.add(path, "INVALID_FORMAT", "Adresse e-mail invalide.");
  }
}

export function checkPassword(errors: FieldErrors, path: string, password: string): void {
  if (password.length < PASSWORD_MIN) {
    errors.add(
      path,
      "TOO_SHORT",
      `Le mot de passe doit compter au moins ${PASSWORD_MIN} caractères.`,
    );
  } else if (password.length > PASSWORD_MAX) {
    errors.add(
      path,
      "TOO_LONG",
      `Le mot de passe doit compter au plus ${PASSWORD_MAX} caractères.`,
    );
  }
}

export function checkName(errors: FieldErrors, path: string, value: string, max: number): void {
  const trimmed = value.trim();
  if (trimmed.length === 0) errors.add(path, "REQUIRED", "Ce champ est obligatoire.");
  else if (trimmed.length > max) errors.add(path, "TOO_LONG", `${max} caractères au plus.`);
}
