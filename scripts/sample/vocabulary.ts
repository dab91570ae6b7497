import { type Random, Weighted } from './random.ts';

/** Fictional people and companies: every name is assembled from common Brazilian parts. */

export type Gender = 'f' | 'm';

export interface NamePart {
  text: string;
  /** Lower-case ASCII for e-mail addresses and domains. */
  ascii: string;
}

const toAscii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const parts = (list: string): NamePart[] => list.split(',').map((t) => ({ text: t.trim(), ascii: toAscii(t.trim()) }));

export const FIRST_NAMES: Record<Gender, NamePart[]> = {
  f: parts(
    'Ana, Maria, Juliana, Fernanda, Camila, Beatriz, Larissa, Amanda, Bruna, Letícia, Gabriela, Mariana, Patrícia, ' +
      'Aline, Vanessa, Carolina, Renata, Luana, Isabela, Júlia, Rafaela, Tatiane, Priscila, Débora, Natália, Sabrina, ' +
      'Daniela, Cristina, Sandra, Adriana, Bianca, Lívia, Marina, Helena, Lorena, Yasmin, Thaís, Raquel, Simone, Elaine',
  ),
  m: parts(
    'Lucas, Gabriel, Rafael, Pedro, Mateus, Felipe, Gustavo, Bruno, Thiago, Rodrigo, Diego, Eduardo, Leonardo, ' +
      'Vinícius, André, Marcelo, Fábio, Ricardo, Daniel, Guilherme, Henrique, Caio, João, Paulo, Carlos, Fernando, ' +
      'Márcio, Leandro, Otávio, Renato, Sérgio, Igor, Murilo, Heitor, Samuel, Davi, Arthur, Vitor, Alexandre, Roberto',
  ),
};

export const SURNAMES: NamePart[] = parts(
  'Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins, ' +
    'Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Andrade, Moreira, Nunes, ' +
    'Marques, Machado, Mendes, Freitas, Cardoso, Ramos, Gonçalves, Santana, Teixeira, Araújo, Castro, Pinto, Correia, ' +
    'Moura, Cavalcanti, Monteiro, Campos, Batista, Azevedo, Fonseca, Siqueira, Prado, Toledo, Brandão, Queiroz, Farias',
);

const COMPANY_PREFIXES: NamePart[] = parts(
  'Nova, Alfa, Prime, Vértice, Horizonte, Atlântico, Serra, Porto, Vale, Aurora, Ipê, Jatobá, Cerrado, Pampa, ' +
    'Litoral, Bandeirante, Guanabara, Solar, Rede, Central, União, Polo, Trilha, Rota, Farol, Âncora, Ciclo, Sigma, ' +
    'Delta, Órbita, Brisa, Raiz, Colmeia, Fluxo, Mosaico, Bússola, Estrela, Girassol, Maré, Sabiá',
);

export const SEGMENTS = ['saas', 'fintech', 'varejo', 'industria', 'saude', 'educacao', 'servicos'] as const;
export type Segment = (typeof SEGMENTS)[number];

const SEGMENT_NOUNS: Record<Segment, NamePart[]> = {
  saas: parts('Software, Sistemas, Cloud, Tech, Labs, Digital, Apps, Dados, Automação'),
  fintech: parts('Pay, Pagamentos, Crédito, Invest, Capital, Finanças, Câmbio, Cobranças, Seguros'),
  varejo: parts('Moda, Calçados, Supermercados, Magazine, Móveis, Cosméticos, Atacado, Pet Shop, Ótica, Utilidades'),
  industria: parts('Metalúrgica, Plásticos, Embalagens, Química, Têxtil, Autopeças, Alimentos, Máquinas, Cerâmica'),
  saude: parts('Clínica, Diagnósticos, Odonto, Farma, Saúde, Laboratório, Hospitalar, Fisio'),
  educacao: parts('Escola, Ensino, Idiomas, Colégio, Educação, Cursos, Academia, Edtech'),
  servicos: parts('Consultoria, Contabilidade, Engenharia, Logística, Transportes, Facilities, Marketing, RH'),
};

const LEGAL_SUFFIX = new Weighted<string>([
  ['Ltda', 40],
  ['S.A.', 10],
  ['', 30],
  ['Tecnologia', 8],
  ['ME', 5],
  ['Eireli', 2],
  ['& Cia', 5],
]);

export interface Company {
  name: string;
  domain: string;
}

/** A company name in one of the shapes Brazilian CRMs are full of, and a domain derived from it. */
export function makeCompany(rng: Random, segment: Segment): Company {
  const noun = rng.pick(SEGMENT_NOUNS[segment]);
  let suffix = LEGAL_SUFFIX.pick(rng);
  if (suffix === 'Tecnologia' && segment !== 'saas' && segment !== 'fintech') suffix = 'Ltda';
  const shape = rng.next();
  let stem: string;
  let domainStem: string;
  if (shape < 0.45) {
    const prefix = rng.pick(COMPANY_PREFIXES);
    stem = `${prefix.text} ${noun.text}`;
    domainStem = prefix.ascii + noun.ascii;
  } else if (shape < 0.65) {
    const prefix = rng.pick(COMPANY_PREFIXES);
    stem = `${noun.text} ${prefix.text}`;
    domainStem = noun.ascii + prefix.ascii;
  } else if (shape < 0.85) {
    const family = rng.pick(SURNAMES);
    stem = `${family.text} ${noun.text}`;
    domainStem = family.ascii + noun.ascii;
  } else {
    const a = rng.pick(SURNAMES);
    let b = rng.pick(SURNAMES);
    if (b === a) b = SURNAMES[(SURNAMES.indexOf(a) + 7) % SURNAMES.length]!;
    // A comma inside a company name is common in registrations and exercises CSV quoting.
    stem = rng.chance(0.3) ? `${a.text}, ${b.text} ${noun.text}` : `${a.text} & ${b.text}`;
    domainStem = a.ascii + b.ascii;
  }
  return { name: suffix ? `${stem} ${suffix}` : stem, domain: `${domainStem}.com.br` };
}

/** Free-mail style domains for leads who sign up with a personal address; all are fictional. */
export const PERSONAL_DOMAINS = new Weighted<string>([
  ['correio.exemplo.com.br', 50],
  ['mail.exemplo.com.br', 30],
  ['webmail.exemplo.net', 20],
]);

export interface JobTitle {
  f: string;
  m: string;
  /** 0 = individual contributor, 1 = manager, 2 = executive; feeds the lead score. */
  seniority: 0 | 1 | 2;
}

const title = (f: string, m: string, seniority: 0 | 1 | 2): JobTitle => ({ f, m, seniority });

export const JOB_TITLES = new Weighted<JobTitle>([
  [title('CEO', 'CEO', 2), 6],
  [title('Sócia', 'Sócio', 2), 6],
  [title('Diretora Comercial', 'Diretor Comercial', 2), 7],
  [title('Diretora de Marketing', 'Diretor de Marketing', 2), 4],
  [title('CFO', 'CFO', 2), 2],
  [title('Head de Vendas', 'Head de Vendas', 2), 5],
  [title('Head de Marketing', 'Head de Marketing', 2), 4],
  [title('Gerente Comercial', 'Gerente Comercial', 1), 10],
  [title('Gerente de Marketing', 'Gerente de Marketing', 1), 7],
  [title('Gerente de Vendas', 'Gerente de Vendas', 1), 8],
  [title('Coordenadora de Vendas', 'Coordenador de Vendas', 1), 6],
  [title('Gerente de TI', 'Gerente de TI', 1), 3],
  [title('Analista de Marketing', 'Analista de Marketing', 0), 9],
  [title('Analista Comercial', 'Analista Comercial', 0), 7],
  [title('SDR', 'SDR', 0), 4],
  [title('Executiva de Contas', 'Executivo de Contas', 0), 5],
  [title('Assistente Administrativa', 'Assistente Administrativo', 0), 4],
  [title('Consultora', 'Consultor', 0), 3],
  [title('Estudante', 'Estudante', 0), 2],
]);

export interface StateInfo {
  uf: string;
  ddd: readonly number[];
}

export const STATES = new Weighted<StateInfo>([
  [{ uf: 'SP', ddd: [11, 11, 11, 19, 15, 16, 12] }, 38],
  [{ uf: 'RJ', ddd: [21, 21, 24] }, 10],
  [{ uf: 'MG', ddd: [31, 31, 34, 35] }, 10],
  [{ uf: 'PR', ddd: [41, 41, 43, 44] }, 7],
  [{ uf: 'RS', ddd: [51, 51, 54] }, 7],
  [{ uf: 'SC', ddd: [48, 47, 47] }, 6],
  [{ uf: 'BA', ddd: [71, 71, 75] }, 4],
  [{ uf: 'DF', ddd: [61] }, 4],
  [{ uf: 'PE', ddd: [81, 81, 87] }, 3],
  [{ uf: 'GO', ddd: [62, 64] }, 3],
  [{ uf: 'CE', ddd: [85] }, 3],
  [{ uf: 'ES', ddd: [27] }, 2],
  [{ uf: 'AM', ddd: [92] }, 1],
  [{ uf: 'PA', ddd: [91] }, 1],
  [{ uf: 'MT', ddd: [65] }, 1],
]);

export const REJECTION_REASONS = {
  profile: 'Fora do perfil',
  budget: 'Sem orçamento',
  invalidContact: 'Contato inválido',
  customer: 'Já é cliente',
  competitor: 'Concorrente',
  duplicate: 'Duplicado',
} as const;

export const RECYCLE_REASONS = {
  noAnswer: 'Sem resposta',
  timing: 'Timing',
  budgetLater: 'Sem orçamento agora',
} as const;

export const DISQUALIFICATION_REASONS = {
  noFit: 'Sem fit com o produto',
  tooSmall: 'Empresa muito pequena',
  notDecisionMaker: 'Não é decisor',
  noInterest: 'Sem interesse',
  invalidContact: 'Contato inválido',
} as const;

export const LOST_REASONS = new Weighted<string>([
  ['Preço', 30],
  ['Concorrente', 22],
  ['Sem decisão', 24],
  ['Timing', 14],
  ['Funcionalidade', 10],
]);
